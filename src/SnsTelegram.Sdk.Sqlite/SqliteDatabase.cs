using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// One SQLite file shared by the stores. Operations rent a session: an open connection, configured once (busy
/// timeout, synchronous=NORMAL, foreign keys, temporary tables in memory, an 8 MB page cache and 64 MB of memory-mapped
/// reads), that keeps its prepared commands, so the hot statements are
/// compiled once per connection instead of once per call. Idle sessions are kept for reuse (up to a bound).
/// The schema is created or upgraded once per instance, on first use.
/// Writes from this process take turns on an in-process gate before they touch the file: concurrent writers on
/// separate connections would otherwise meet SQLite's busy handler, which sleeps (1 ms, 2 ms, 5 ms ... 100 ms) and
/// turns a burst of small writes into tail latency of hundreds of milliseconds. Other processes still wait through
/// the busy timeout. Reads never take the gate: in WAL mode they do not wait for the writer.
/// Small writes go through <see cref="WriteAsync{T}"/>, which commits concurrent callers together (group commit).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const int MaxIdleSessions = 32;
    private const int MaxGroupCommit = 256;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private readonly Lock _schemaGate = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _queueGate = new();
    private readonly List<QueuedWrite> _queue = [];
    private long _groupCommits;
    private volatile bool _schemaReady;
    private volatile bool _disposed;

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
        // wal_autocheckpoint 200 pages (default 1000): a checkpoint runs inside the commit that crosses the threshold,
        // so smaller, more frequent checkpoints keep write latency flat (webhook p99 16 ms -> 8 ms at 64 connections;
        // 8000 pages made it 60 ms). See docs/benchmarks.md.
        _pragmas = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8192; PRAGMA mmap_size = 67108864; PRAGMA wal_autocheckpoint = 200;";
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Transactions committed by <see cref="WriteAsync{T}"/> (a batch counts once; for tests and benchmarks).</summary>
    internal long GroupCommits => Interlocked.Read(ref _groupCommits);

    /// <summary>The full path of the file.</summary>
    public string DataSource { get; }

    /// <summary>Rents a session on a file whose schema is current; dispose it to give it back.</summary>
    public async ValueTask<SqliteSession> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_schemaReady)
        {
            EnsureSchema();
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

    /// <summary>Runs one statement through the group commit (<see cref="WriteAsync{T}"/>); true when it changed exactly one row.</summary>
    public ValueTask<bool> ChangesOneRowAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync(
            async session =>
            {
                var command = session.Command(sql);
                foreach (var (name, value) in parameters)
                {
                    command.With(name, value);
                }

                return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
            },
            cancellationToken);

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

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Close();
        }
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
                Interlocked.Increment(ref _groupCommits);
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
                Interlocked.Increment(ref _groupCommits);
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
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            pragma.ExecuteNonQuery();
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

/// <summary>A write waiting in the group-commit queue.</summary>
internal abstract class QueuedWrite
{
    /// <summary>Runs the write and keeps its result until the transaction holding it commits.</summary>
    public abstract ValueTask RunAsync(SqliteSession session);

    /// <summary>Hands the kept result to the caller.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class QueuedWrite<T>(Func<SqliteSession, ValueTask<T>> write) : QueuedWrite
{
    private T _value = default!;

    public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask RunAsync(SqliteSession session) => _value = await write(session).ConfigureAwait(false);

    public override void Complete() => Result.TrySetResult(_value);

    public override void Fail(Exception exception) => Result.TrySetException(exception);
}

/// <summary>
/// One open connection rented from <see cref="SqliteDatabase"/>, with its prepared commands. Not thread-safe: one
/// operation uses it at a time. A session left inside a transaction (the operation threw) is rolled back and closed.
/// </summary>
internal sealed class SqliteSession : IAsyncDisposable
{
    private readonly SqliteDatabase _owner;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    internal SqliteSession(SqliteDatabase owner, SqliteConnection connection)
    {
        _owner = owner;
        _connection = connection;
    }

    /// <summary>The cached command for <paramref name="text"/>, with no parameters, in the current transaction if any.</summary>
    public SqliteCommand Command(string text)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = text;
            _commands.Add(text, command);
        }

        command.Parameters.Clear();
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Begins a write transaction now (<c>BEGIN IMMEDIATE</c>), waiting for other writers up to the busy timeout.</summary>
    public void BeginImmediate() => _transaction = _connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("No transaction to commit.");
        transaction.Commit();
        transaction.Dispose();
        _transaction = null;
    }

    /// <summary>
    /// Rolls back the current transaction, if SQLite has not already done so. A session whose rollback fails is closed
    /// when disposed (never reused inside a broken transaction), and the failure is thrown.
    /// </summary>
    public void Rollback()
    {
        var transaction = _transaction;
        if (transaction is null)
        {
            return;
        }

        // Microsoft.Data.Sqlite notices a transaction SQLite rolled back on its own (after SQLITE_FULL, IOERR, ...)
        // and only marks it completed. If this throws, _transaction stays set and DisposeAsync closes the connection.
        transaction.Rollback();
        transaction.Dispose();
        _transaction = null;
    }

    /// <summary>Whether this session holds the owner's write turn, given back on dispose.</summary>
    internal bool HoldsWriteTurn { get; set; }

    public ValueTask DisposeAsync()
    {
        // read the flag before the session goes back to the pool, where another operation may rent it at once
        var endTurn = HoldsWriteTurn;
        HoldsWriteTurn = false;
        try
        {
            if (_transaction is null)
            {
                _owner.Return(this);
                return ValueTask.CompletedTask;
            }

            try
            {
                _transaction.Dispose();
            }
            finally
            {
                _transaction = null;
                Close();
            }

            return ValueTask.CompletedTask;
        }
        finally
        {
            if (endTurn)
            {
                _owner.EndWriteTurn();
            }
        }
    }

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}

/// <summary>Small helpers for commands and values.</summary>
internal static class Sql
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Whether <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation.</summary>
    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 1555 or 2067;
}
