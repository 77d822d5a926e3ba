using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// The <see cref="IDispatchCoordinator"/> of a SQLite file: the holder keeps an exclusive lock on the file
/// <c>&lt;database&gt;.dispatch</c> beside it, which the operating system drops when the process ends, however it ends.
/// So among the processes that open one database file exactly one sends, and a killed holder's successor starts within
/// <see cref="RetryInterval"/>. The lock file is never deleted (deleting it while another process opens it would let
/// two processes lock two different files).
/// </summary>
internal sealed class SqliteDispatchCoordinator(SqliteDatabase database, ILogger<SqliteDispatchCoordinator> logger) : IDispatchCoordinator
{
    /// <summary>How often a standby instance tries the lock.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The lock file.</summary>
    public string LockPath { get; } = database.DataSource + ".dispatch";

    public async ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var waiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var file = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
                Log.DispatchLockTaken(logger, LockPath);
                return new Term(file, waiting);
            }
            catch (IOException)
            {
                // another process holds it
                if (!waiting)
                {
                    waiting = true;
                    Log.DispatchLockBusy(logger, LockPath);
                }
            }

            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Term(FileStream file, bool followsAnotherProcess) : IDispatchTerm
    {
        public CancellationToken Lost => CancellationToken.None;

        public bool FollowsAnotherProcess => followsAnotherProcess;

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }
}
