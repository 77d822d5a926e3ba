using Microsoft.Extensions.Logging;
using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// The <see cref="IDispatchCoordinator"/> of a PostgreSQL schema: the holder keeps a session advisory lock on a
/// connection of its own, and LISTENs on that connection for the NOTIFY that every enqueue sends
/// (<see cref="PostgreSqlDatabase.OutboxChannel"/>). PostgreSQL drops the lock the moment that session ends: a killed
/// process's socket is closed by its operating system at once, and a vanished host is noticed by the server's TCP
/// keepalives, which the holder turns down to a few seconds for its session. Standby instances try the lock every
/// <see cref="RetryInterval"/>. The holder checks its connection every <see cref="CheckInterval"/>; when the
/// connection breaks, the term is lost (another instance may take over at once) and the dispatcher stops sending.
/// </summary>
internal sealed class PostgreSqlDispatchCoordinator(PostgreSqlDatabase database, ILogger<PostgreSqlDispatchCoordinator> logger) : IDispatchCoordinator
{
    /// <summary>How often a standby instance tries the lock.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the holder checks that its connection (and so its lock) is still alive.</summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly int _lockClass = database.LockClass("dispatch");

    public async ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var waiting = false;
        while (true)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
                await KeepAliveAsync(connection, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({_lockClass}, 0);", connection))
                    {
                        tryLock.CommandTimeout = (int)CommandTimeout.TotalSeconds;
                        if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                        {
                            await ExecuteAsync(connection, $"LISTEN {database.OutboxChannel};", cancellationToken).ConfigureAwait(false);
                            Log.DispatchLockTaken(logger, database.Schema);
                            var term = new Term(connection, _lockClass, wake, waiting, logger);
                            connection = null;
                            return term;
                        }
                    }

                    if (!waiting)
                    {
                        waiting = true;
                        Log.DispatchLockBusy(logger, database.Schema);
                    }

                    await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.DispatchLockFailed(logger, database.Schema, e);
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            await Task.Delay(RetryInterval * 4, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the server notice a vanished holder within seconds, not the system's default two hours. Each setting is
    /// tried on its own: a server that does not know one (<c>tcp_user_timeout</c> came with PostgreSQL 12) keeps the others.
    /// </summary>
    private async Task KeepAliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var setting in (string[])["tcp_keepalives_idle = 2", "tcp_keepalives_interval = 1", "tcp_keepalives_count = 2", "tcp_user_timeout = 4000"])
        {
            try
            {
                await ExecuteAsync(connection, "SET " + setting + ";", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                Log.KeepAliveRefused(logger, setting, e.MessageText);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)CommandTimeout.TotalSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Term : IDispatchTerm
    {
        private readonly NpgsqlConnection _connection;
        private readonly int _lockClass;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;

        public Term(NpgsqlConnection connection, int lockClass, Action wake, bool followsAnotherProcess, ILogger logger)
        {
            FollowsAnotherProcess = followsAnotherProcess;
            _connection = connection;
            _lockClass = lockClass;
            _logger = logger;
            _connection.Notification += (_, _) => wake();
            _watch = Task.Run(WatchAsync, CancellationToken.None);
        }

        public CancellationToken Lost => _lost.Token;

        public bool FollowsAnotherProcess { get; }

        /// <summary>Every enqueue, resend and closed digest sends the NOTIFY this term LISTENs for.</summary>
        public bool WakesOnEveryEnqueue => true;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _watch.ConfigureAwait(false);
            var clean = false;
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    // hand the lock on now, and give the connection back to the pool as it was taken: no LISTEN, no
                    // lock, the default settings
                    using var timeout = new CancellationTokenSource(CommandTimeout);
                    await ExecuteAsync(_connection, $"UNLISTEN *; SELECT pg_advisory_unlock({_lockClass}, 0); RESET ALL;", timeout.Token).ConfigureAwait(false);
                    clean = true;
                }
                catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException or TimeoutException)
                {
                    // handled below
                }
            }

            if (!clean)
            {
                // A connection that may still hold the lock (a check that timed out on a live line, an unlock that did
                // not answer) must not wait in the pool, where nothing would release it: clearing the pool closes it
                // when it is returned, and its session ends, the lock with it.
                NpgsqlConnection.ClearPool(_connection);
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
            _lost.Dispose();
            _stop.Dispose();
        }

        private async Task WatchAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    // a notification wakes the dispatcher (the handler above); a quiet second is a chance to check the line
                    if (!await _connection.WaitAsync(CheckInterval, _stop.Token).ConfigureAwait(false))
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        timeout.CancelAfter(CommandTimeout);
                        await ExecuteAsync(_connection, "SELECT 1;", timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    Log.DispatchLockLost(_logger, e);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
    }
}
