namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// Rate-limit permits kept in memory (the default store): one lock makes each take atomic within the process. Nothing
/// is shared with other processes, so with several instances use a provider whose store they share.
/// </summary>
internal sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Scope, string Key), List<Held>> _permits = [];
    private long _lastId;

    public ValueTask<RateLimitResult> TryTakeAsync(string scope, string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.RateLimit(scope, key, limit, window);
        cancellationToken.ThrowIfCancellationRequested();
        var since = now.UtcTicks - window.Ticks;
        lock (_gate)
        {
            if (!_permits.TryGetValue((scope, key), out var held))
            {
                held = [];
                _permits.Add((scope, key), held);
            }

            held.RemoveAll(p => p.ExpiresAt <= now.UtcTicks);

            // newest first among those in the window, as the SQL stores order them
            var inWindow = held.Where(p => p.TakenAt > since).OrderByDescending(p => p.TakenAt).ThenByDescending(p => p.Id).ToList();
            if (inWindow.Count >= limit)
            {
                return ValueTask.FromResult(RateLimitResult.Refuse(new DateTimeOffset(inWindow[limit - 1].TakenAt, TimeSpan.Zero) + window - now));
            }

            var permit = new Held(++_lastId, now.UtcTicks, now.UtcTicks + window.Ticks);
            held.Add(permit);
            return ValueTask.FromResult(RateLimitResult.Grant(new RateLimitPermit(scope, key, permit.Id, now)));
        }
    }

    public ValueTask<bool> ReturnAsync(RateLimitPermit permit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Permit(permit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_permits.TryGetValue((permit.Scope, permit.Key), out var held) && held.RemoveAll(p => p.Id == permit.Id) > 0);
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = before.UtcTicks;
        lock (_gate)
        {
            var removed = 0;
            foreach (var (pair, held) in _permits)
            {
                removed += held.RemoveAll(p => p.ExpiresAt <= limit);
                if (held.Count == 0)
                {
                    _permits.Remove(pair);
                }
            }

            return ValueTask.FromResult(removed);
        }
    }

    private readonly record struct Held(long Id, long TakenAt, long ExpiresAt);
}
