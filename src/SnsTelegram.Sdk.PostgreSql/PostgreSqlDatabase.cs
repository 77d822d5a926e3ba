using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// One PostgreSQL schema shared by the stores, reached through an <see cref="NpgsqlDataSource"/> (Npgsql's connection
/// pool). The schema is created or upgraded once per instance, on first use, inside a transaction that first takes a
/// transaction-level advisory lock, so several app instances starting together take turns and the later ones find the
/// work done. Every statement carries its values as typed parameters and is prepared (Npgsql keeps prepared statements
/// per physical connection); the schema name is the only text put into SQL, after <see cref="ValidateSchema"/>.
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "snstelegram";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Uses <paramref name="dataSource"/>; it is disposed with this instance only when <paramref name="ownsDataSource"/>.</summary>
    public PostgreSqlDatabase(NpgsqlDataSource dataSource, string schema = DefaultSchema, bool ownsDataSource = false, ILogger<PostgreSqlDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ValidateSchema(schema);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Schema = schema;
        QuotedSchema = $"\"{schema}\"";
        DataSourceName = Describe(dataSource.ConnectionString);
        MigrationLockKey = StableHash.Of64("snstelegram.schema:" + schema);
    }

    /// <summary>A database over a data source built from <paramref name="connectionString"/>, which it owns.</summary>
    public static PostgreSqlDatabase Create(string connectionString, string schema = DefaultSchema, ILogger<PostgreSqlDatabase>? logger = null)
    {
        var builder = ParseConnectionString(connectionString);
        ValidateSchema(schema);
        return new PostgreSqlDatabase(NpgsqlDataSource.Create(builder), schema, ownsDataSource: true, logger);
    }

    /// <summary>The schema's name, as given.</summary>
    public string Schema { get; }

    /// <summary>The schema's name quoted for SQL (<c>"snstelegram"</c>).</summary>
    public string QuotedSchema { get; }

    /// <summary>Host, port and database of the data source, for messages (never the user name or the password).</summary>
    public string DataSourceName { get; }

    /// <summary>The data source the stores use.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    private long MigrationLockKey { get; }

    /// <summary>The advisory-lock class id of one kind of lock in this schema (a per-schema name space for <c>pg_advisory_xact_lock(int, int)</c>).</summary>
    public int LockClass(string purpose) => StableHash.Of32($"snstelegram.{purpose}:{Schema}");

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
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or upgrades the schema now (also done on first use); once per instance.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // instances starting together take turns here; the lock ends with the transaction
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            lockCommand.Parameters.Bigint("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // create the schema only when missing, so a database user without CREATE on the database can use a schema made for it
        bool exists;
        await using (var find = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = @schema);", connection, transaction))
        {
            find.Parameters.Text("schema", Schema);
            exists = (bool)(await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var create = exists ? string.Empty : "CREATE SCHEMA {schema}; ";
        await using (var versionTable = new NpgsqlCommand(Sql(create + "CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer NOT NULL);"), connection, transaction))
        {
            await versionTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int version;
        await using (var read = new NpgsqlCommand(Sql("SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version;"), connection, transaction))
        {
            version = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (version > PostgreSqlSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL schema '{Schema}' of {DataSourceName} has schema version {version}, newer than the version {PostgreSqlSchema.CurrentVersion} this SnsTelegram.Sdk.PostgreSql understands; upgrade the package.");
        }

        if (version == PostgreSqlSchema.CurrentVersion)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var next = version; next < PostgreSqlSchema.CurrentVersion; next++)
        {
            await using var migrate = new NpgsqlCommand(Sql(PostgreSqlSchema.Migrations[next]), connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var write = new NpgsqlCommand(Sql("DELETE FROM {schema}.schema_version; INSERT INTO {schema}.schema_version (version) VALUES (@version);"), connection, transaction))
        {
            write.Parameters.Integer("version", PostgreSqlSchema.CurrentVersion);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.PostgreSqlSchemaMigrated(_logger, Schema, DataSourceName, version, PostgreSqlSchema.CurrentVersion);
    }

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
}

/// <summary>Small helpers for parameters, values and commands.</summary>
internal static class Pg
{
    public static NpgsqlParameterCollection Bigint(this NpgsqlParameterCollection parameters, string name, long? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = value is { } v ? v : DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Integer(this NpgsqlParameterCollection parameters, string name, int? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Boolean(this NpgsqlParameterCollection parameters, string name, bool value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Boolean) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection Text(this NpgsqlParameterCollection parameters, string name, string? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return parameters;
    }

    /// <summary>Prepares the command (a no-op once the connection has prepared the same text) and runs it.</summary>
    public static async Task<int> ExecutePreparedAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares the command and opens a reader on it.</summary>
    public static async Task<NpgsqlDataReader> ReadPreparedAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares the command and returns the first column of the first row, or null.</summary>
    public static async Task<object?> ScalarPreparedAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// A batch whose first command takes <c>pg_advisory_xact_lock(@class, @key)</c>: the batch runs as one implicit
    /// transaction, so the lock serializes the batches that share a key until they commit.
    /// </summary>
    public static NpgsqlBatch LockedBatch(this NpgsqlConnection connection, int lockClass, int key)
    {
        var batch = new NpgsqlBatch(connection);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@class, @key);");
        lockCommand.Parameters.Integer("class", lockClass).Integer("key", key);
        batch.BatchCommands.Add(lockCommand);
        return batch;
    }

    /// <summary>A chat id folded to the 32-bit key of an advisory lock.</summary>
    public static int ChatKey(long chatId) => (int)(chatId ^ (chatId >> 32));

    /// <summary>Whether <paramref name="exception"/> is a unique violation (SQLSTATE 23505).</summary>
    public static bool IsUniqueViolation(PostgresException exception) => exception.SqlState == PostgresErrorCodes.UniqueViolation;
}

/// <summary>FNV-1a over UTF-8: a hash that is the same in every process and version, for advisory-lock keys.</summary>
internal static class StableHash
{
    public static int Of32(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }

    public static long Of64(string value)
    {
        var hash = 14695981039346656037ul;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 1099511628211ul;
        }

        return unchecked((long)hash);
    }
}
