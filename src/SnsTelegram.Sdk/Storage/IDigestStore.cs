namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Digest windows and their events. A window is open from its first event until it closes; closing it queues its one
/// message in the outbox in the same transaction, so a window survives a restart, closes once however many instances
/// try, and a crash between the close and the send loses nothing (the message waits in the outbox).
/// </summary>
/// <remarks>
/// Rules every provider follows (checked by <c>DigestStoreConformance</c> in SnsTelegram.Sdk.Storage.Specification):
/// a user has at most one open window whose close time is still ahead; an event joins it, or opens a new one;
/// <see cref="CloseAsync"/> succeeds once per window, and only when the window still holds the number of events the
/// caller rendered (an event that joined meanwhile makes it fail, so the caller reads the window again).
/// </remarks>
public interface IDigestStore
{
    /// <summary>
    /// Keeps <paramref name="item"/> in its user's open window: one that is not closed and closes after
    /// <paramref name="now"/>. Without one, a window opens that closes at <paramref name="closesAt"/>. With
    /// <paramref name="hold"/>, the window closes no earlier than <paramref name="closesAt"/> (held events wait for
    /// the end of the quiet hours) and is marked <see cref="DigestWindow.Held"/>.
    /// </summary>
    /// <param name="item">The event.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="closesAt">When a new window closes (or, with <paramref name="hold"/>, the earliest close of the window).</param>
    /// <param name="hold">Whether the event is held by quiet hours.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the event was new, and its window.</returns>
    ValueTask<DigestAddResult> AddAsync(DigestItem item, DateTimeOffset now, DateTimeOffset closesAt, bool hold, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> windows not yet closed whose close time is at or before <paramref name="now"/>, the earliest first.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="limit">At most this many (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due windows.</returns>
    ValueTask<IReadOnlyList<DigestWindow>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The windows of one user not yet closed, whatever their close time (a window whose close time has passed but that
    /// no closer has closed yet is included), the earliest close first. A user has at most one window whose close time
    /// is ahead, so the list is short.
    /// </summary>
    /// <param name="userId">The app's id of the user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's open windows (none when the user has none).</returns>
    ValueTask<IReadOnlyList<DigestWindow>> ListOpenAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The events of a window, in the order they were kept.</summary>
    /// <param name="windowId">The window.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events (none for an unknown window).</returns>
    ValueTask<IReadOnlyList<DigestItem>> GetItemsAsync(long windowId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes a window that is still open and holds exactly <paramref name="itemCount"/> events and, in the same
    /// transaction, enqueues <paramref name="digest"/> in the outbox (its key should be derived from the window, so
    /// that it is queued once). Without a message (the user unlinked or turned notifications off) the window just closes.
    /// </summary>
    /// <param name="windowId">The window.</param>
    /// <param name="itemCount">The number of events the caller read and rendered.</param>
    /// <param name="digest">The digest message, or null to drop the window's events.</param>
    /// <param name="now">The current instant (the window's close time in the store).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when this call closed the window; false when it was closed already or holds other events now.</returns>
    ValueTask<bool> CloseAsync(long windowId, int itemCount, OutboxMessage? digest, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Whether an event with this key was kept in a digest (open or closed, until purged).</summary>
    /// <param name="key">The event's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the event was digested.</returns>
    ValueTask<bool> ContainsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the windows closed before <paramref name="closedBefore"/>, with their events.</summary>
    /// <param name="closedBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of windows deleted.</returns>
    ValueTask<int> PurgeAsync(DateTimeOffset closedBefore, CancellationToken cancellationToken = default);
}
