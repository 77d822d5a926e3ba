namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// What the bot remembers about the updates it received: which update ids were processed (so a redelivered update is
/// handled once), the updates it could not read or handle (kept for inspection), and which button actions ran (so a
/// button's action runs once per message).
/// </summary>
public interface IProcessedUpdateStore
{
    /// <summary>Records <paramref name="updateId"/>; true the first time, false when it was already recorded.</summary>
    ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets that <paramref name="updateId"/> was processed, so that Telegram's next delivery of it is handled: the bot
    /// calls this when handling failed for a reason that may pass (the database was unreachable). True when it was recorded.
    /// </summary>
    ValueTask<bool> UnmarkProcessedAsync(long updateId, CancellationToken cancellationToken = default);

    /// <summary>Forgets ids recorded before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Keeps an update the bot could not read or could not handle, for inspection.</summary>
    /// <exception cref="ArgumentException">The record breaks a rule of <see cref="StoreArguments.UnreadableUpdate"/>.</exception>
    ValueTask AddUnreadableAsync(UnreadableUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The kept updates, newest first (by <see cref="UnreadableUpdate.ReceivedAt"/>, then the order they were kept), at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<UnreadableUpdate>> GetUnreadableAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Forgets kept updates received before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeUnreadableAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the button action <paramref name="actionKey"/> runs now; true the first time (the caller runs it),
    /// false when it was already recorded, by this instance or another sharing the store, even under a race.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty or longer than <see cref="StoreArguments.MaxActionKeyLength"/>.</exception>
    ValueTask<bool> TryMarkButtonActionAsync(string actionKey, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Forgets button actions recorded before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeButtonActionsAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
