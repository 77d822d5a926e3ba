using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using SnsTelegram.Sdk.Relational;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// One PostgreSQL schema shared by the stores, reached through an <see cref="NpgsqlDataSource"/> (Npgsql's connection
/// pool). The schema is created or upgraded once per instance, on first use, inside a transaction that first takes a
/// transaction-level advisory lock, so several app instances starting together take turns and the later ones find the
/// work done. Every statement carries its values as typed parameters and is prepared (Npgsql keeps prepared statements
/// per physical connection); the schema name is the only text put into SQL, after <see cref="ValidateSchema"/>.
/// A write runs as one batch, which PostgreSQL runs as one implicit transaction; a write that must not run alongside
/// another on the same key starts with <c>pg_advisory_xact_lock(class, key)</c>, the class naming the kind of lock in
/// this schema, so the lock lasts until the batch commits.
/// </summary>
internal sealed class PostgreSqlDatabase : RelationalDatabase, IAsyncDisposable
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "snstelegram";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _migrations;
    private readonly ConcurrentDictionary<string, int> _lockClasses = new(StringComparer.Ordinal);

    /// <summary>Uses <paramref name="dataSource"/>; it is disposed with this instance only when <paramref name="ownsDataSource"/>.</summary>
    public PostgreSqlDatabase(
        NpgsqlDataSource dataSource,
        ChatIdProtection protection,
        string schema = DefaultSchema,
        bool ownsDataSource = false,
        ILogger<PostgreSqlDatabase>? logger = null,
        IMeterFactory? meterFactory = null)
        : base(new PostgreSqlStatements(Quote(schema), ChannelOf(schema)), protection, "postgresql", meterFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Schema = schema;
        QuotedSchema = Quote(schema);
        DataSourceName = Describe(dataSource.ConnectionString);
        MigrationLockKey = StableHash.Of64("snstelegram.schema:" + schema);
        OutboxChannel = ChannelOf(schema);
        _migrations = PostgreSqlSchema.Migrations.Select(Sql).ToArray();
        DropPlaintextChatIds = Sql(PostgreSqlSchema.DropPlaintextChatIds);
    }

    /// <summary>A database over a data source built from <paramref name="connectionString"/>, which it owns.</summary>
    public static PostgreSqlDatabase Create(string connectionString, ChatIdProtection protection, string schema = DefaultSchema, ILogger<PostgreSqlDatabase>? logger = null, IMeterFactory? meterFactory = null)
    {
        var builder = ParseConnectionString(connectionString);
        ValidateSchema(schema);
        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            // The connections of this data source are the stores' own, and the stores leave no session state on them (the
            // dispatch lock's connection undoes its LISTEN and its lock before it goes back): so no reset, which would
            // otherwise run six statements on the server ahead of every command after a connection comes from the pool.
            builder.NoResetOnClose = true;
        }

        return new PostgreSqlDatabase(NpgsqlDataSource.Create(builder), protection, schema, ownsDataSource: true, logger, meterFactory);
    }

    /// <summary>Whether the connection string sets one of <paramref name="keys"/> (spelled in any case).</summary>
    internal static bool Names(string connectionString, params string[] keys)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }

    /// <summary>The schema's name, as given.</summary>
    public string Schema { get; }

    /// <summary>The schema's name quoted for SQL (<c>"snstelegram"</c>).</summary>
    public string QuotedSchema { get; }

    /// <summary>Host, port and database of the data source, for messages (never the user name or the password).</summary>
    public string DataSourceName { get; }

    /// <summary>The NOTIFY channel on which every enqueue wakes the instance that sends (one per schema).</summary>
    public string OutboxChannel { get; }

    /// <summary>The data source the stores use.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    protected override IReadOnlyList<string> Migrations => _migrations;

    protected override int ChatIdEncryptionVersion => PostgreSqlSchema.ChatIdEncryptionVersion;

    protected override string DropPlaintextChatIds { get; }

    protected override string SchemaHolder => $"The PostgreSQL schema '{Schema}' of {DataSourceName}";

    protected override string PackageName => "SnsTelegram.Sdk.PostgreSql";

    private long MigrationLockKey { get; }

    /// <summary>The advisory-lock class id of one kind of lock in this schema (a per-schema name space for <c>pg_advisory_xact_lock(int, int)</c>).</summary>
    public int LockClass(string purpose) => _lockClasses.GetOrAdd(purpose, static (p, schema) => StableHash.Of32($"snstelegram.{p}:{schema}"), Schema);

    /// <summary>The NOTIFY channel of <paramref name="schema"/>: a plain identifier, short whatever the schema's length.</summary>
    public static string ChannelOf(string schema) =>
        "snstelegram_outbox_" + ((uint)StableHash.Of32(schema)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Replaces <c>{schema}</c> in <paramref name="sql"/> with the quoted schema name.</summary>
    public string Sql(string sql) => sql.Replace("{schema}", QuotedSchema, StringComparison.Ordinal);

    /// <summary>Checks a connection string and returns it parsed; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {e.Message}", nameof(connectionString), e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string must name a server, such as 'Host=db.internal;Database=app;Username=app;Password=...'.",
                nameof(connectionString));
        }

        return builder;
    }

    /// <summary>
    /// Checks a schema name: 1 to 63 characters of lower-case ASCII letters, digits and underscores, starting with a
    /// letter or an underscore, and not starting with <c>pg_</c> (reserved by PostgreSQL).
    /// </summary>
    public static void ValidateSchema(string schema, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(schema))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(schema, name);
        var valid = schema.Length is >= 1 and <= 63
            && (char.IsAsciiLetterLower(schema[0]) || schema[0] == '_')
            && schema.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            && !schema.StartsWith("pg_", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"The PostgreSQL schema name '{schema}' is not a plain identifier: use 1 to 63 lower-case letters, digits and underscores, starting with a letter or an underscore and not with 'pg_' (for example '{DefaultSchema}').",
                name);
        }
    }

    /// <summary>An open connection to a database whose schema is current; dispose it to give it back to the pool.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!SchemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<List<T>> ReadAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var npgsql = new NpgsqlCommand(command.Sql, connection);
        Bind(npgsql.Parameters, command);
        await npgsql.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await npgsql.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public override async ValueTask<int> WriteAsync(RowLock? rowLock, RelationalCommand[] commands, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = Batch(connection, rowLock is { } held ? [held] : [], commands);
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        CountTransactions();
        return batch.BatchCommands[^1].RecordsAffected;
    }

    public override ValueTask<List<T>> WriteAsync<T>(RowLock? rowLock, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        WriteLockedAsync(rowLock is { } held ? [held] : [], commands, map, cancellationToken);

    public override async ValueTask<List<T>> WriteLockedAsync<T>(IReadOnlyList<RowLock> rowLocks, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = Batch(connection, rowLocks, commands);
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            // the locks' rows are the first results
            var more = true;
            for (var i = batch.BatchCommands.Count - commands.Length; i > 0 && more; i--)
            {
                more = await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            while (more)
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                more = await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        CountTransactions();
        return rows;
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        base.Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsDataSource)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask<DbConnection> OpenMigrationConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var transaction = await npgsql.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // instances starting together take turns here; the lock ends with the transaction
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", npgsql, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = MigrationLockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // create the schema only when missing, so a database user without CREATE on the database can use a schema made for it
            await using var find = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = @schema);", npgsql, transaction);
            find.Parameters.Add(new NpgsqlParameter("schema", NpgsqlDbType.Text) { Value = Schema });
            if (!(bool)(await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await using var create = new NpgsqlCommand(Sql("CREATE SCHEMA {schema};"), npgsql, transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override void OnSchemaMigrated(int fromVersion, int toVersion) =>
        Log.PostgreSqlSchemaMigrated(_logger, Schema, DataSourceName, fromVersion, toVersion);

    /// <summary>
    /// Logs the upgrade. The rows' live versions hold no plaintext (it was cleared before the column was dropped); the
    /// dead versions keep it until VACUUM reclaims them, which the log says (VACUUM cannot run inside the migration).
    /// </summary>
    protected override ValueTask OnChatIdsEncryptedAsync(long rows, CancellationToken cancellationToken)
    {
        Log.ChatIdsEncrypted(_logger, Schema, DataSourceName, rows);
        return ValueTask.CompletedTask;
    }

    protected override void OnKeyAdded(int keyId) => Log.ChatIdKeyAdded(_logger, Schema, keyId);

    protected override void OnReencrypted(int keyId, long rows) => Log.ChatIdsReencrypted(_logger, Schema, rows, keyId);

    /// <summary>"host:port/database" from a connection string; the user name and password are left out.</summary>
    internal static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var database = string.IsNullOrEmpty(builder.Database) ? "(default database)" : builder.Database;
            return $"{builder.Host}:{builder.Port}/{database}";
        }
        catch (ArgumentException)
        {
            return "(PostgreSQL data source)";
        }
    }

    private static string Quote(string schema)
    {
        ValidateSchema(schema);
        return $"\"{schema}\"";
    }

    /// <summary>
    /// The commands as one batch, after the advisory locks on <paramref name="rowLocks"/>: each distinct lock once, in
    /// ascending order of its keys (one statement for all the keys of one kind), so two writes that take several locks
    /// always take them in the same order and never wait for each other in a cycle.
    /// </summary>
    private NpgsqlBatch Batch(NpgsqlConnection connection, IReadOnlyList<RowLock> rowLocks, RelationalCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection);
        IEnumerable<(int Class, int Key)> locks = rowLocks.Select(held => (LockClass(held.Purpose), held.Text is { } text ? StableHash.Of32(text) : (int)(held.Number ^ (held.Number >> 32))));
        if (rowLocks.Count > 1)
        {
            locks = locks.Distinct().Order();
        }

        foreach (var group in locks.GroupBy(l => l.Class))
        {
            var keys = group.Select(l => l.Key).ToArray();
            NpgsqlBatchCommand lockCommand;
            if (keys.Length == 1)
            {
                lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@class, @key);");
                lockCommand.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Integer) { Value = keys[0] });
            }
            else
            {
                // one statement for the many locks of a list: unnest reads the (sorted) array in order
                lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@class, k) FROM unnest(@keys) AS k;");
                lockCommand.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys });
            }

            lockCommand.Parameters.Add(new NpgsqlParameter("class", NpgsqlDbType.Integer) { Value = group.Key });
            batch.BatchCommands.Add(lockCommand);
        }

        foreach (var command in commands)
        {
            var batchCommand = new NpgsqlBatchCommand(command.Sql);
            Bind(batchCommand.Parameters, command);
            batch.BatchCommands.Add(batchCommand);
        }

        return batch;
    }

    private static void Bind(NpgsqlParameterCollection parameters, RelationalCommand command)
    {
        foreach (var parameter in command.Parameters)
        {
            var type = parameter.Type switch
            {
                RelationalType.Bigint => NpgsqlDbType.Bigint,
                RelationalType.Integer => NpgsqlDbType.Integer,
                RelationalType.Boolean => NpgsqlDbType.Boolean,
                _ => NpgsqlDbType.Text,
            };
            parameters.Add(new NpgsqlParameter(parameter.Name, type) { Value = parameter.Value ?? DBNull.Value });
        }
    }
}
