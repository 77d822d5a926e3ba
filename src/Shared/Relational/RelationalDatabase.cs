using System.Data.Common;
using System.Diagnostics.Metrics;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// One database shared by the relational stores: the one schema migration runner, and the hooks through which the
/// stores run the statements of <see cref="Statements"/>. A database's subclass keeps only what is its own: how it opens
/// connections and runs reads and writes (SQLite's group commit; PostgreSQL's prepared batches and advisory locks), how
/// a migration starts, and its log message.
/// <para>
/// The schema is created or upgraded once per instance, on first use or at start: in one transaction, the version kept
/// in <c>schema_version</c> is read, a newer one than this library knows is refused, and the missing migrations of
/// <see cref="Migrations"/> run in order (version n is reached by applying migrations 1..n).
/// </para>
/// </summary>
internal abstract class RelationalDatabase : IDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly Counter<long>? _transactions;
    private readonly KeyValuePair<string, object?> _systemTag;
    private volatile bool _schemaReady;

    /// <param name="statements">The statement catalogue in this database's SQL.</param>
    /// <param name="system">The database's name in telemetry (<c>sqlite</c>, <c>postgresql</c>).</param>
    /// <param name="meterFactory">Creates the <c>SnsTelegram</c> meter; null: no metrics.</param>
    protected RelationalDatabase(RelationalStatements statements, string system, IMeterFactory? meterFactory)
    {
        Statements = statements;
        Meter = meterFactory?.Create(SnsTelegramDiagnostics.Name);
        _systemTag = new KeyValuePair<string, object?>("db.system.name", system);
        _transactions = Meter?.CreateCounter<long>(
            "snstelegram.storage.transactions",
            "{transaction}",
            "Write transactions committed by the storage provider (SQLite commits concurrent writes together, as one; tag db.system.name).");
    }

    /// <summary>The statements, in this database's SQL.</summary>
    public RelationalStatements Statements { get; }

    /// <summary>The <c>SnsTelegram</c> meter, or null without a meter factory.</summary>
    protected Meter? Meter { get; }

    /// <summary>The tag that names this database on its instruments.</summary>
    protected KeyValuePair<string, object?> SystemTag => _systemTag;

    /// <summary>Whether the schema is known to be current.</summary>
    protected bool SchemaReady => _schemaReady;

    /// <summary>The migrations; index i brings a database from version i to version i + 1.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>What holds the schema, for messages: "The SQLite file '...'" or "The PostgreSQL schema '...' of ...".</summary>
    protected abstract string SchemaHolder { get; }

    /// <summary>The provider package, for messages.</summary>
    protected abstract string PackageName { get; }

    /// <summary>Runs a read and maps each row of its result.</summary>
    public abstract ValueTask<List<T>> ReadAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in order as one transaction, holding <paramref name="rowLock"/> where the database
    /// has such locks; returns how many rows the last one changed.
    /// </summary>
    public abstract ValueTask<int> WriteAsync(RowLock? rowLock, RelationalCommand[] commands, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in order as one transaction, holding <paramref name="rowLock"/> where the database
    /// has such locks; returns the rows they return (<c>RETURNING</c>), mapped.
    /// </summary>
    public abstract ValueTask<List<T>> WriteAsync<T>(RowLock? rowLock, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>Runs one write statement; returns how many rows it changed.</summary>
    public ValueTask<int> WriteAsync(RelationalCommand command, CancellationToken cancellationToken) =>
        WriteAsync(null, [command], cancellationToken);

    /// <summary>Runs one write statement and returns the rows it returns, mapped.</summary>
    public ValueTask<List<T>> WriteAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        WriteAsync(null, [command], map, cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

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
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the database holds (idle connections, an owned connection pool).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _schemaGate.Dispose();
        }
    }

    /// <summary>Counts committed write transactions.</summary>
    protected void CountTransactions(int count = 1) => _transactions?.Add(count, _systemTag);

    /// <summary>A connection for the migration.</summary>
    protected abstract ValueTask<DbConnection> OpenMigrationConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the migration's transaction such that instances starting together take turns (SQLite: BEGIN IMMEDIATE;
    /// PostgreSQL: an advisory lock), and makes what must exist before the version table (a schema).
    /// </summary>
    protected abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Logs that the schema was brought from one version to another.</summary>
    protected abstract void OnSchemaMigrated(int fromVersion, int toVersion);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenMigrationConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, Statements.CreateVersionTable, cancellationToken).ConfigureAwait(false);
                var version = Convert.ToInt32(await ScalarAsync(connection, transaction, Statements.ReadVersion, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                var current = Migrations.Count;
                if (version > current)
                {
                    throw new InvalidOperationException(
                        $"{SchemaHolder} has schema version {version}, newer than the version {current} this {PackageName} understands; upgrade the package.");
                }

                if (version < current)
                {
                    for (var next = version; next < current; next++)
                    {
                        await ExecuteAsync(connection, transaction, Migrations[next], cancellationToken).ConfigureAwait(false);
                    }

                    await ExecuteAsync(connection, transaction, Statements.ClearVersion, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, Statements.WriteVersion(current), cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (version < current)
                {
                    OnSchemaMigrated(version, current);
                }
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
