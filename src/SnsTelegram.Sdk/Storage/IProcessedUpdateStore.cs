namespace SnsTelegram.Sdk.Storage;

/// <summary>Remembers which Telegram update ids were processed, so a redelivered update is handled once.</summary>
public interface IProcessedUpdateStore
{
    /// <summary>Records <paramref name="updateId"/>; true the first time, false when it was already recorded.</summary>
    ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Forgets ids recorded before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
