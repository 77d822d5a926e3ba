namespace SnsTelegram.Sdk.Testing.Server;

/// <summary>A sliding-window log: the timestamps of accepted sends within the window. A send is accepted only when
/// fewer than <c>limit</c> sends were accepted in the window that ends now. Not thread-safe: callers lock it.</summary>
internal sealed class SlidingWindowLimiter(int limit, long windowTicks)
{
    private readonly Queue<long> _accepted = new();

    /// <summary>0 when a send is allowed at <paramref name="now"/>, otherwise the ticks until it will be.</summary>
    public long WaitTicks(long now)
    {
        while (_accepted.Count > 0 && _accepted.Peek() <= now - windowTicks)
        {
            _accepted.Dequeue();
        }

        if (_accepted.Count < limit)
        {
            return 0;
        }

        // the send becomes possible when the oldest send that must leave the window has left it
        var index = _accepted.Count - limit;
        var oldest = _accepted.ElementAt(index);
        return Math.Max(1, oldest + windowTicks - now);
    }

    public void Add(long now) => _accepted.Enqueue(now);
}
