namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>Processed update ids, kept updates and button actions in memory (the default store). Thread-safe.</summary>
internal sealed class InMemoryProcessedUpdateStore : IProcessedUpdateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _processedAt = [];
    private readonly List<UnreadableUpdate> _unreadable = [];
    private readonly Dictionary<string, long> _actionsAt = new(StringComparer.Ordinal);

    public ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_processedAt.TryAdd(updateId, now.UtcTicks));
        }
    }

    public ValueTask<bool> UnmarkProcessedAsync(long updateId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_processedAt.Remove(updateId));
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(RemoveBefore(_processedAt, before.UtcTicks));
        }
    }

    public ValueTask AddUnreadableAsync(UnreadableUpdate update, CancellationToken cancellationToken = default)
    {
        StoreArguments.UnreadableUpdate(update);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _unreadable.Add(update);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<UnreadableUpdate>> GetUnreadableAsync(int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // newest first; among equal times, the one kept last first
            IReadOnlyList<UnreadableUpdate> page = [.. _unreadable.Select((u, i) => (u, i)).OrderByDescending(x => x.u.ReceivedAt.UtcTicks).ThenByDescending(x => x.i).Take(limit).Select(x => x.u)];
            return ValueTask.FromResult(page);
        }
    }

    public ValueTask<int> PurgeUnreadableAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_unreadable.RemoveAll(u => u.ReceivedAt.UtcTicks < before.UtcTicks));
        }
    }

    public ValueTask<bool> TryMarkButtonActionAsync(string actionKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.ActionKey(actionKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_actionsAt.TryAdd(actionKey, now.UtcTicks));
        }
    }

    public ValueTask<int> PurgeButtonActionsAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(RemoveBefore(_actionsAt, before.UtcTicks));
        }
    }

    private static int RemoveBefore<TKey>(Dictionary<TKey, long> recorded, long limit)
        where TKey : notnull
    {
        var removed = 0;
        foreach (var (key, at) in recorded)
        {
            if (at < limit)
            {
                recorded.Remove(key);
                removed++;
            }
        }

        return removed;
    }
}
