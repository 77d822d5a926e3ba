namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>Processed update ids kept in memory (the default store). Thread-safe.</summary>
internal sealed class InMemoryProcessedUpdateStore : IProcessedUpdateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _processedAt = [];

    public ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_processedAt.TryAdd(updateId, now.UtcTicks));
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = before.UtcTicks;
        lock (_gate)
        {
            var removed = 0;
            foreach (var (id, at) in _processedAt)
            {
                if (at < limit)
                {
                    _processedAt.Remove(id);
                    removed++;
                }
            }

            return ValueTask.FromResult(removed);
        }
    }
}
