namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// Digest windows kept in memory (the default store; lost when the process stops, like the in-memory outbox). One
/// gate serialises every call, so an event never joins a window while it is being closed; closing queues the digest
/// through the registered <see cref="IOutboxStore"/> under the gate, before the window is marked closed, so a failed
/// enqueue leaves the window open for the next try.
/// </summary>
internal sealed class InMemoryDigestStore(IOutboxStore outbox) : IDigestStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, Window> _windows = [];
    private readonly Dictionary<string, long> _itemWindows = new(StringComparer.Ordinal);
    private long _lastId;

    public async ValueTask<DigestAddResult> AddAsync(DigestItem item, DateTimeOffset now, DateTimeOffset closesAt, bool hold, CancellationToken cancellationToken = default)
    {
        StoreArguments.DigestItem(item, now, closesAt);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_itemWindows.TryGetValue(item.Key, out var existing))
            {
                return new DigestAddResult(false, existing);
            }

            var window = _windows.Values
                .Where(w => w.ClosedAt is null && w.ClosesAt > now && string.Equals(w.UserId, item.UserId, StringComparison.Ordinal))
                .OrderByDescending(w => w.Id)
                .FirstOrDefault();
            if (window is null)
            {
                window = new Window(++_lastId, item.UserId, now, closesAt);
                _windows.Add(window.Id, window);
            }

            if (hold)
            {
                window.Held = true;
                if (window.ClosesAt < closesAt)
                {
                    window.ClosesAt = closesAt;
                }
            }

            window.Items.Add(item);
            _itemWindows.Add(item.Key, window.Id);
            return new DigestAddResult(true, window.Id);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<DigestWindow>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _windows.Values
                .Where(w => w.ClosedAt is null && w.ClosesAt <= now)
                .OrderBy(w => w.ClosesAt).ThenBy(w => w.Id)
                .Take(limit)
                .Select(w => w.ToRecord())
                .ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<DigestWindow>> ListOpenAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _windows.Values
                .Where(w => w.ClosedAt is null && string.Equals(w.UserId, userId, StringComparison.Ordinal))
                .OrderBy(w => w.ClosesAt).ThenBy(w => w.Id)
                .Select(w => w.ToRecord())
                .ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<DigestItem>> GetItemsAsync(long windowId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _windows.TryGetValue(windowId, out var window) ? window.Items.ToArray() : [];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> CloseAsync(long windowId, int itemCount, OutboxMessage? digest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.DigestClose(itemCount, digest);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_windows.TryGetValue(windowId, out var window) || window.ClosedAt is not null || window.Items.Count != itemCount)
            {
                return false;
            }

            if (digest is not null)
            {
                await outbox.EnqueueAsync(digest, cancellationToken).ConfigureAwait(false);
            }

            window.ClosedAt = now;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _itemWindows.ContainsKey(key);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset closedBefore, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var purged = _windows.Values.Where(w => w.ClosedAt < closedBefore).ToArray();
            foreach (var window in purged)
            {
                _windows.Remove(window.Id);
                foreach (var item in window.Items)
                {
                    _itemWindows.Remove(item.Key);
                }
            }

            return purged.Length;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Window(long id, string userId, DateTimeOffset openedAt, DateTimeOffset closesAt)
    {
        public long Id { get; } = id;

        public string UserId { get; } = userId;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        public DateTimeOffset ClosesAt { get; set; } = closesAt;

        public DateTimeOffset? ClosedAt { get; set; }

        public bool Held { get; set; }

        public List<DigestItem> Items { get; } = [];

        public DigestWindow ToRecord() => new(Id, UserId, OpenedAt, ClosesAt, Items.Count, Held);
    }
}
