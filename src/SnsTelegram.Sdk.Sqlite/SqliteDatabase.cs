using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SnsTelegram.Sdk.Relational;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// One SQLite file shared by the stores. Operations rent a session: an open connection, configured once (busy
/// timeout, synchronous=NORMAL, foreign keys, temporary tables in memory, an 8 MB page cache and 64 MB of memory-mapped
/// reads), that keeps its prepared commands, so the hot statements are
/// compiled once per connection instead of once per call. Idle sessions are kept for reuse (up to a bound).
/// The schema is created or upgraded once per instance, on first use, by the relational layer's migration runner.
/// Writes from this process take turns on an in-process gate before they touch the file: concurrent writers on
/// separate connections would otherwise meet SQLite's busy handler, which sleeps (1 ms, 2 ms, 5 ms ... 100 ms) and
/// turns a burst of small writes into tail latency of hundreds of milliseconds. Other processes still wait through
/// the busy timeout. Reads never take the gate: in WAL mode they do not wait for the writer.
/// Every write of the stores goes through <see cref="WriteAsync{T}(Func{SqliteSession, ValueTask{T}}, CancellationToken)"/>,
/// which commits concurrent callers together (group commit); the <c>snstelegram.storage.transactions</c> counter counts
/// the commits and the <c>snstelegram.storage.queued_writes</c> up-down counter the writes waiting for one.
/// </summary>
internal sealed class SqliteDatabase : RelationalDatabase
{
    private const int MaxIdleSessions = 32;
    private const int MaxGroupCommit = 256;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _queueGate = new();
    private readonly List<QueuedWrite> _queue = [];
    private readonly UpDownCounter<long>? _queuedWrites;
    private volatile bool _disposed;

    public SqliteDatabase(string connectionString, ChatIdProtection protection, ILogger<SqliteDatabase>? logger = null, IMeterFactory? meterFactory = null)
        : base(new SqliteStatements(), protection, "sqlite", meterFactory)
    {
        var builder = ParseConnectionString(connectionString);
        DataSource = Path.GetFullPath(builder.DataSource);
        var directory = Path.GetDirectoryName(DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        builder.DataSource = DataSource;
        _connectionString = builder.ToString();
        var busyTimeoutMs = (long)Math.Max(builder.DefaultTimeout, 1) * 1000;
        // wal_autocheckpoint 200 pages (default 1000): a checkpoint runs inside the commit that crosses the threshold,
        // so smaller, more frequent checkpoints keep write latency flat (webhook p99 16 ms -> 8 ms at 64 connections;
        // 8000 pages made it 60 ms). See docs/benchmarks.md.
        _pragmas = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8192; PRAGMA mmap_size = 67108864; PRAGMA wal_autocheckpoint = 200;";
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queuedWrites = Meter?.CreateUpDownCounter<long>(
            "snstelegram.storage.queued_writes", "{write}", "Writes waiting for SQLite's group commit in this process (tag db.system.name).");
    }

    /// <summary>Checks a connection string and returns it parsed; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static SqliteConnectionStringBuilder ParseConnectionString(string connectionString)
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

        return builder;
    }

    /// <summary>The full path of the file.</summary>
    public string DataSource { get; }

    protected override IReadOnlyList<string> Migrations => SqliteSchema.Migrations;

    protected override int ChatIdEncryptionVersion => SqliteSchema.ChatIdEncryptionVersion;

    protected override string DropPlaintextChatIds => SqliteSchema.DropPlaintextChatIds;

    protected override string SchemaHolder => $"The SQLite file '{DataSource}'";

    protected override string PackageName => "SnsTelegram.Sdk.Sqlite";

    /// <summary>Rents a session on a file whose schema is current; dispose it to give it back.</summary>
    public async ValueTask<SqliteSession> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!SchemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_idle.TryTake(out var session))
        {
            return session;
        }

        return new SqliteSession(this, await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Rents a session for an operation that writes, after waiting for this process's other writers to finish; the
    /// turn ends when the session is disposed.
    /// </summary>
    public async ValueTask<SqliteSession> OpenWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
            session.HoldsWriteTurn = true;
            return session;
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>
    /// Runs a small write (one or a few statements, no transaction of its own) and commits it together with the writes
    /// other callers queued meanwhile: each caller queues its write and waits for the write turn; the caller that gets
    /// the turn runs every write queued so far in one transaction, so a burst of writes costs one commit instead of one
    /// each. Every caller gets its answer only after the transaction holding its write has committed. When a write in a
    /// batch fails, the batch is rolled back and each of its writes runs again alone, so one bad write fails only its
    /// own caller. <paramref name="write"/> may therefore run twice and must change nothing but the database; it runs to
    /// the end even if its caller gives up, because the other callers wait for the same commit.
    /// </summary>
    public async ValueTask<T> WriteAsync<T>(Func<SqliteSession, ValueTask<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queued = new QueuedWrite<T>(write);
        lock (_queueGate)
        {
            _queue.Add(queued);
        }

        _queuedWrites?.Add(1, SystemTag);
        SqliteSession session;
        try
        {
            session = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            lock (_queueGate)
            {
                // still queued: nobody ran it, so it is as if it was never asked for
                if (_queue.Remove(queued))
                {
                    _queuedWrites?.Add(-1, SystemTag);
                    throw;
                }
            }

            // another caller took it into a batch already: that batch's outcome is the answer
            return await queued.Result.Task.ConfigureAwait(false);
        }

        await using (session.ConfigureAwait(false))
        {
            if (!queued.Result.Task.IsCompleted)
            {
                await RunQueuedAsync(session).ConfigureAwait(false);
            }
        }

        return await queued.Result.Task.ConfigureAwait(false);
    }

    public override async ValueTask<List<T>> ReadAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var rows = new List<T>();
            await session.ReadAsync(command, map, rows, cancellationToken).ConfigureAwait(false);
            return rows;
        }
    }

    public override ValueTask<int> WriteAsync(RowLock? rowLock, RelationalCommand[] commands, CancellationToken cancellationToken) =>
        WriteAsync(
            async session =>
            {
                var changed = 0;
                foreach (var command in commands)
                {
                    changed = await session.Command(command).ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return changed;
            },
            cancellationToken);

    public override ValueTask<List<T>> WriteAsync<T>(RowLock? rowLock, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        WriteAsync(
            async session =>
            {
                // a fresh list each run: a write may run twice (alone after its batch failed)
                var rows = new List<T>();
                foreach (var command in commands)
                {
                    await session.ReadAsync(command, map, rows, CancellationToken.None).ConfigureAwait(false);
                }

                return rows;
            },
            cancellationToken);

    /// <summary>One writer at a time holds the file: there is no lock to take.</summary>
    public override ValueTask<List<T>> WriteLockedAsync<T>(IReadOnlyList<RowLock> rowLocks, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        WriteAsync(null, commands, map, cancellationToken);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Close();
        }

        base.Dispose(disposing);
    }

    internal void EndWriteTurn() => _writeGate.Release();

    internal void Return(SqliteSession session)
    {
        if (_disposed || _idle.Count >= MaxIdleSessions)
        {
            session.Close();
            return;
        }

        _idle.Add(session);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Close();
        }
    }

    protected override async ValueTask<DbConnection> OpenMigrationConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // journal_mode is kept in the file; it cannot change inside a transaction
        var sqlite = (SqliteConnection)connection;
        await using (var wal = sqlite.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL journal mode for '{DataSource}' (it answered '{mode}'); the file must be on a local disk.");
            }
        }

        // BEGIN IMMEDIATE: two processes starting at once take turns; the second sees the first one's work
        return sqlite.BeginTransaction(deferred: false);
    }

    protected override void OnSchemaMigrated(int fromVersion, int toVersion) =>
        Log.SqliteSchemaMigrated(_logger, DataSource, fromVersion, toVersion);

    /// <summary>
    /// Rewrites the file without the free pages that may still hold the old plaintext (VACUUM), and empties the WAL
    /// into it. A failure leaves the data correct but the old bytes in free pages: it is logged with what to run.
    /// </summary>
    protected override async ValueTask OnChatIdsEncryptedAsync(long rows, CancellationToken cancellationToken)
    {
        Log.ChatIdsEncrypted(_logger, DataSource, rows);
        try
        {
            var connection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
                await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            Log.VacuumFailed(_logger, DataSource, e);
        }
    }

    protected override void OnKeyAdded(int keyId) => Log.ChatIdKeyAdded(_logger, DataSource, keyId);

    protected override void OnReencrypted(int keyId, long rows) => Log.ChatIdsReencrypted(_logger, DataSource, rows, keyId);

    private async ValueTask RunQueuedAsync(SqliteSession session)
    {
        QueuedWrite[] batch;
        lock (_queueGate)
        {
            var count = Math.Min(_queue.Count, MaxGroupCommit);
            batch = new QueuedWrite[count];
            _queue.CopyTo(0, batch, 0, count);
            _queue.RemoveRange(0, count);
        }

        _queuedWrites?.Add(-batch.Length, SystemTag);
        if (batch.Length > 1)
        {
            try
            {
                session.BeginImmediate();
                foreach (var write in batch)
                {
                    await write.RunAsync(session).ConfigureAwait(false);
                }

                session.Commit();
                CountTransactions();
                foreach (var write in batch)
                {
                    write.Complete();
                }

                return;
            }
            catch (Exception failure)
            {
                if (!RolledBack(session, batch, failure))
                {
                    return;
                }
            }
        }

        // alone: each write in its own transaction (all of it or nothing), with its own outcome
        foreach (var write in batch)
        {
            try
            {
                session.BeginImmediate();
                await write.RunAsync(session).ConfigureAwait(false);
                session.Commit();
                CountTransactions();
                write.Complete();
            }
            catch (Exception e)
            {
                write.Fail(e);
                if (!RolledBack(session, batch, e))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Rolls back after <paramref name="failure"/>; when even that fails the connection is unusable, and every write
    /// of <paramref name="batch"/> not yet answered fails with <paramref name="failure"/>.
    /// </summary>
    private static bool RolledBack(SqliteSession session, QueuedWrite[] batch, Exception failure)
    {
        try
        {
            session.Rollback();
            return true;
        }
        catch (Exception)
        {
            foreach (var write in batch)
            {
                write.Fail(failure);
            }

            return false;
        }
    }

    private async ValueTask<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A write waiting in the group-commit queue.</summary>
    private abstract class QueuedWrite
    {
        /// <summary>Runs the write and keeps its result until the transaction holding it commits.</summary>
        public abstract ValueTask RunAsync(SqliteSession session);

        /// <summary>Hands the kept result to the caller.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class QueuedWrite<T>(Func<SqliteSession, ValueTask<T>> write) : QueuedWrite
    {
        private T _value = default!;

        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask RunAsync(SqliteSession session) => _value = await write(session).ConfigureAwait(false);

        public override void Complete() => Result.TrySetResult(_value);

        public override void Fail(Exception exception) => Result.TrySetException(exception);
    }
}
