namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Decides which instance sends for the bot. Telegram counts its limits per bot, whatever the number of processes
/// sending, so among all the instances that share one store exactly one dispatcher sends at a time, and its rate
/// limiter is the bot's one budget. The others stand by and take over within seconds when the holder dies.
/// </summary>
/// <remarks>
/// A provider that several processes can share registers its own coordinator (the PostgreSQL provider holds a session
/// advisory lock, the SQLite provider a lock on a file beside the database); without one, each process is its own
/// holder, which is right for stores that live in one process.
/// </remarks>
public interface IDispatchCoordinator
{
    /// <summary>
    /// Waits until this instance may send for the store, and returns the term during which it may. While it holds the
    /// term, the coordinator calls <paramref name="wake"/> whenever another instance enqueues a message (when it can
    /// tell), so that message leaves without waiting for the next poll.
    /// </summary>
    /// <param name="wake">Called, from any thread, when another instance enqueued a message; must return quickly.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken);
}
