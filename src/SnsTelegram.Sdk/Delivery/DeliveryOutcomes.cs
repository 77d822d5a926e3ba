using System.Collections.Concurrent;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Tells whoever waits in this process that the local dispatcher has recorded what happened to an outbox message (sent,
/// given up, or put back with a due time), so a caller waiting for one message's outcome (<see cref="TelegramDirectSender"/>)
/// hears it at once rather than at its next look at the store.
/// </summary>
internal sealed class DeliveryOutcomes
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _watched = new();

    /// <summary>Completes the next time the local dispatcher records message <paramref name="outboxId"/>.</summary>
    public Task NextRecordOf(long outboxId) =>
        _watched.GetOrAdd(outboxId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Stops watching <paramref name="outboxId"/>.</summary>
    public void Forget(long outboxId) => _watched.TryRemove(outboxId, out _);

    /// <summary>The dispatcher recorded message <paramref name="outboxId"/>.</summary>
    public void Recorded(long outboxId)
    {
        if (!_watched.IsEmpty && _watched.TryRemove(outboxId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
