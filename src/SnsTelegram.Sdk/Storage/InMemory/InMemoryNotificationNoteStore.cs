namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>The activity log's notes kept in memory (the default store): lost on stop, not shared with other processes.</summary>
internal sealed class InMemoryNotificationNoteStore : INotificationNoteStore
{
    private readonly Lock _gate = new();
    private readonly List<NotificationNote> _notes = [];
    private readonly HashSet<(NotificationNoteKind, string)> _keys = [];
    private long _lastId;

    public ValueTask<bool> AddAsync(NotificationNote note, CancellationToken cancellationToken = default)
    {
        StoreArguments.NotificationNote(note);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_keys.Add((note.Kind, note.Key)))
            {
                return ValueTask.FromResult(false);
            }

            _notes.Add(note with { Id = ++_lastId });
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<NotificationNote>> QueryAsync(string userId, DateTimeOffset createdFrom, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        StoreArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<NotificationNote> page = _notes
                .Where(n => string.Equals(n.UserId, userId, StringComparison.Ordinal) && n.CreatedAt >= createdFrom && (beforeId is null || n.Id < beforeId))
                .OrderByDescending(n => n.Id)
                .Take(limit)
                .ToArray();
            return ValueTask.FromResult(page);
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var purged = _notes.RemoveAll(n => n.CreatedAt < createdBefore && _keys.Remove((n.Kind, n.Key)));
            return ValueTask.FromResult(purged);
        }
    }
}
