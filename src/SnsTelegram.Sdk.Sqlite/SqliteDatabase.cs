using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// One SQLite file shared by the stores. Each operation opens a connection from the pool (Microsoft.Data.Sqlite pools
/// by connection string); a connection is configured once when it is first seen (busy timeout, synchronous=NORMAL,
/// foreign keys) and the schema is created or upgraded once per instance, on first use.
/// </summary>
internal sealed class SqliteDatabase
{
    private static readonly object Configured = new();

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<object, object> _configured = [];
    private readonly Lock _schemaGate = new();
    private volatile bool _schemaReady;

    public SqliteDatabase(string connectionString, ILogger<SqliteDatabase>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The SQLite connection string is not valid: {e.Message}", nameof(connectionString), e);
        }

        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException(
                "The SQLite connection string must name a file, such as 'Data Source=snstelegram.db' (an in-memory SQLite database is not shared between connections; use UseInMemoryStores() instead).",
                nameof(connectionString));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException("The SQLite database must be writable (Mode=ReadOnly is not supported).", nameof(connectionString));
        }

        if (builder.Cache == SqliteCacheMode.Shared)
        {
            throw new ArgumentException("Cache=Shared is not supported: each connection uses WAL with its own cache.", nameof(connectionString));
        }

        DataSource = Path.GetFullPath(source);
        var directory = Path.GetDirectoryName(DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        builder.DataSource = DataSource;
        _connectionString = builder.ToString();
        var busyTimeoutMs = (long)Math.Max(builder.DefaultTimeout, 1) * 1000;
        _pragmas = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The full path of the file.</summary>
    public string DataSource { get; }

    /// <summary>Opens a configured connection to a file whose schema is current.</summary>
    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            EnsureSchema();
        }

        return await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or upgrades the schema now (also done on first use).</summary>
    public void EnsureSchema()
    {
        if (_schemaReady)
        {
            return;
        }

        lock (_schemaGate)
        {
            if (_schemaReady)
            {
                return;
            }

            using var connection = OpenConfiguredAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            Migrate(connection);
            _schemaReady = true;
        }
    }

    private async ValueTask<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = _pragmas;
                    pragma.ExecuteNonQuery();
                }

                _configured.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Migrate(SqliteConnection connection)
    {
        // journal_mode is kept in the file; it cannot change inside a transaction
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL journal mode for '{DataSource}' (it answered '{mode}'); the file must be on a local disk.");
            }
        }

        // BEGIN IMMEDIATE: two processes starting at once take turns; the second sees the first one's work
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";
            create.ExecuteNonQuery();
        }

        long version;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            version = (long)read.ExecuteScalar()!;
        }

        if (version > SqliteSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The SQLite file '{DataSource}' has schema version {version}, newer than the version {SqliteSchema.CurrentVersion} this SnsTelegram.Sdk.Sqlite understands; upgrade the package.");
        }

        if (version == SqliteSchema.CurrentVersion)
        {
            transaction.Commit();
            return;
        }

        for (var next = (int)version; next < SqliteSchema.CurrentVersion; next++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = SqliteSchema.Migrations[next];
            migrate.ExecuteNonQuery();
        }

        using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version);";
            write.Parameters.AddWithValue("$version", SqliteSchema.CurrentVersion);
            write.ExecuteNonQuery();
        }

        transaction.Commit();
        Log.SqliteSchemaMigrated(_logger, DataSource, (int)version, SqliteSchema.CurrentVersion);
    }
}

/// <summary>Small helpers for commands and values.</summary>
internal static class Sql
{
    public static SqliteCommand Command(this SqliteConnection connection, string text, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset Instant(SqliteDataReader reader, int ordinal) => Instant(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant(reader.GetInt64(ordinal));

    public static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int ChatType(TelegramChatType type) => type switch
    {
        TelegramChatType.Private => 0,
        TelegramChatType.Group => 1,
        TelegramChatType.Supergroup => 2,
        TelegramChatType.Channel => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown chat type."),
    };

    public static TelegramChatType ChatType(long value) => value switch
    {
        0 => TelegramChatType.Private,
        1 => TelegramChatType.Group,
        2 => TelegramChatType.Supergroup,
        3 => TelegramChatType.Channel,
        _ => throw new InvalidDataException($"Unknown chat type {value} in the SQLite file."),
    };

    /// <summary>Whether <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation.</summary>
    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 1555 or 2067;
}
