namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// The outbox kept in memory (the default store; messages are lost when the process stops). Thread-safe under one
/// lock. Each chat keeps its pending message ids in order; a set ordered by "ready" time (the due time, or the lease
/// expiry of a leased message) holds each chat's oldest pending message, so leasing takes the first entries of that
/// set without scanning the queue.
/// </summary>
internal sealed class InMemoryOutboxStore : IOutboxStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Entry> _messages = [];
    private readonly Dictionary<string, long> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _latestEdit = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SortedSet<long>> _pendingByChat = [];
    private readonly SortedSet<(long ReadyAt, long Id)>[] _heads = [[], [], []];
    private readonly HashSet<long> _completed = [];
    private long _lastId;
    private long _deadLettered;
    private DeliveryPause? _pause;
    private DateTimeOffset? _sendPause;

    public ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        StoreArguments.Message(message);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(EnqueueLocked(message));
        }
    }

    /// <summary>The whole list under one hold of the lock: no lease sees a part of it.</summary>
    public ValueTask<IReadOnlyList<OutboxEnqueueResult>> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        StoreArguments.Messages(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new OutboxEnqueueResult[messages.Count];
        lock (_gate)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                results[i] = EnqueueLocked(messages[i]);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<OutboxEnqueueResult>>(results);
    }

    private OutboxEnqueueResult EnqueueLocked(OutboxMessage message)
    {
        if (_byKey.TryGetValue(message.IdempotencyKey, out var existing))
        {
            return new OutboxEnqueueResult(false, existing);
        }

        var id = ++_lastId;
        var entry = new Entry(message with
        {
            Id = id,
            State = OutboxState.Pending,
            CompletedAt = null,
            TelegramMessageId = null,
        });
        _messages.Add(id, entry);
        _byKey.Add(message.IdempotencyKey, id);
        if (message.EditOf is { } originalKey)
        {
            _latestEdit[originalKey] = id;
        }

        if (!_pendingByChat.TryGetValue(message.ChatId, out var queue))
        {
            queue = [];
            _pendingByChat.Add(message.ChatId, queue);
        }

        queue.Add(id);
        if (queue.Count == 1)
        {
            Heads(entry).Add((entry.ReadyAt, id));
        }

        return new OutboxEnqueueResult(true, id);
    }

    public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseDuration);
        cancellationToken.ThrowIfCancellationRequested();
        var nowTicks = now.UtcTicks;
        var until = now + leaseDuration;
        lock (_gate)
        {
            List<OutboxLease>? leases = null;
            foreach (var heads in _heads)
            {
                while ((leases?.Count ?? 0) < max && heads.Count > 0)
                {
                    var head = heads.Min;
                    if (head.ReadyAt > nowTicks)
                    {
                        break;
                    }

                    heads.Remove(head);
                    var entry = _messages[head.Id];
                    entry.LeaseId = Guid.NewGuid().ToString("N");
                    entry.LeasedUntil = until;
                    heads.Add((entry.ReadyAt, head.Id));
                    (leases ??= []).Add(new OutboxLease(entry.Message, entry.LeaseId, until));
                }
            }

            if (leases is null)
            {
                return ValueTask.FromResult<IReadOnlyList<OutboxLease>>([]);
            }

            return ValueTask.FromResult<IReadOnlyList<OutboxLease>>(leases);
        }
    }

    public ValueTask<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // each chat's oldest pending message, at its due time or the end of its lease: exactly when a lease can take it
            long? next = null;
            foreach (var heads in _heads)
            {
                if (heads.Count > 0 && (next is null || heads.Min.ReadyAt < next))
                {
                    next = heads.Min.ReadyAt;
                }
            }

            return ValueTask.FromResult<DateTimeOffset?>(next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null);
        }
    }

    public ValueTask<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var released = 0;
            foreach (var queue in _pendingByChat.Values)
            {
                var head = _messages[queue.Min];
                if (head.LeaseId is not null)
                {
                    RemoveHead(queue);
                    head.LeaseId = null;
                    head.LeasedUntil = null;
                    AddHead(queue);
                    released++;
                }
            }

            return ValueTask.FromResult(released);
        }
    }

    public ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetLeased(id, leaseId, out var entry))
            {
                return ValueTask.FromResult(false);
            }

            Complete(entry, entry.Message with { State = OutboxState.Sent, CompletedAt = sentAt, TelegramMessageId = telegramMessageId });
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<bool>> MarkSentManyAsync(IReadOnlyList<OutboxSentMark> marks, CancellationToken cancellationToken = default)
    {
        StoreArguments.SentMarks(marks);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new bool[marks.Count];
        lock (_gate)
        {
            for (var i = 0; i < marks.Count; i++)
            {
                var mark = marks[i];
                if (TryGetLeased(mark.Id, mark.LeaseId, out var entry))
                {
                    Complete(entry, entry.Message with { State = OutboxState.Sent, CompletedAt = mark.SentAt, TelegramMessageId = mark.TelegramMessageId });
                    results[i] = true;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<bool>>(results);
    }

    public ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetLeased(id, leaseId, out var entry))
            {
                return ValueTask.FromResult(false);
            }

            var wasHead = Heads(entry).Remove((entry.ReadyAt, id));
            entry.Message = entry.Message with
            {
                DueAt = dueAt,
                LastError = error ?? entry.Message.LastError,
                Attempts = countAttempt ? entry.Message.Attempts + 1 : entry.Message.Attempts,
            };
            entry.LeaseId = null;
            entry.LeasedUntil = null;
            entry.RetryAfterFailure = countAttempt;
            if (wasHead)
            {
                Heads(entry).Add((entry.ReadyAt, id));
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetLeased(id, leaseId, out var entry))
            {
                return ValueTask.FromResult(false);
            }

            Complete(entry, entry.Message with { State = OutboxState.DeadLettered, LastError = reason, CompletedAt = at });
            _deadLettered++;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (fromChatId == toChatId)
        {
            return ValueTask.FromResult(0);
        }

        lock (_gate)
        {
            if (!_pendingByChat.Remove(fromChatId, out var moving))
            {
                return ValueTask.FromResult(0);
            }

            RemoveHead(moving);
            if (_pendingByChat.TryGetValue(toChatId, out var target))
            {
                RemoveHead(target);
                target.UnionWith(moving);
            }
            else
            {
                target = moving;
                _pendingByChat.Add(toChatId, target);
            }

            foreach (var id in moving)
            {
                var entry = _messages[id];
                entry.Message = entry.Message with { ChatId = toChatId };
            }

            AddHead(target);
            return ValueTask.FromResult(moving.Count);
        }
    }

    public ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_messages.TryGetValue(id, out var entry) ? entry.Message : null);
        }
    }

    public ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_byKey.TryGetValue(idempotencyKey, out var id) ? _messages[id].Message : null);
        }
    }

    public ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_latestEdit.TryGetValue(originalKey, out var id) && _messages.TryGetValue(id, out var entry) ? entry.Message : null);
        }
    }

    public ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long pending = 0, due = 0;
            DateTimeOffset? oldestDue = null;
            foreach (var queue in _pendingByChat.Values)
            {
                pending += queue.Count;
                foreach (var id in queue)
                {
                    var dueAt = _messages[id].Message.DueAt;
                    if (dueAt <= now)
                    {
                        due++;
                        if (oldestDue is null || dueAt < oldestDue)
                        {
                            oldestDue = dueAt;
                        }
                    }
                }
            }

            return ValueTask.FromResult(new OutboxStats(pending, due, _deadLettered, oldestDue));
        }
    }

    public ValueTask<int> BringForwardRetriesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var changed = 0;
            foreach (var queue in _pendingByChat.Values)
            {
                foreach (var id in queue)
                {
                    var entry = _messages[id];
                    if (!entry.RetryAfterFailure || entry.Message.DueAt <= now || (entry.LeasedUntil is { } until && until > now))
                    {
                        continue;
                    }

                    var wasHead = Heads(entry).Remove((entry.ReadyAt, id));
                    entry.Message = entry.Message with { DueAt = now };
                    entry.RetryAfterFailure = false;
                    if (wasHead)
                    {
                        Heads(entry).Add((entry.ReadyAt, id));
                    }

                    changed++;
                }
            }

            return ValueTask.FromResult(changed);
        }
    }

    public ValueTask SaveSendPauseAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_sendPause is not { } saved || until > saved)
            {
                _sendPause = until;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<DateTimeOffset?> GetSendPauseAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_sendPause);
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            List<long>? old = null;
            foreach (var id in _completed)
            {
                if (_messages[id].Message.CompletedAt < completedBefore)
                {
                    (old ??= []).Add(id);
                }
            }

            if (old is null)
            {
                return ValueTask.FromResult(0);
            }

            foreach (var id in old)
            {
                var message = _messages[id].Message;
                _completed.Remove(id);
                _messages.Remove(id);
                _byKey.Remove(message.IdempotencyKey);
                if (message.State == OutboxState.DeadLettered)
                {
                    _deadLettered--;
                }
            }

            return ValueTask.FromResult(old.Count);
        }
    }

    public ValueTask<IReadOnlyList<OutboxMessage>> QueryAsync(OutboxFilter filter, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.OutboxQuery(filter, limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> page = _messages.Values
                .Select(e => e.Message)
                .Where(m => (beforeId is null || m.Id < beforeId) && filter.Matches(m))
                .OrderByDescending(m => m.Id)
                .Take(limit)
                .ToArray();
            return ValueTask.FromResult(page);
        }
    }

    public ValueTask<IReadOnlyList<OutboxCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<OutboxCount> counts = _messages.Values
                .GroupBy(e => (e.Message.State, e.Message.Lane))
                .Select(g => new OutboxCount(g.Key.State, g.Key.Lane, g.LongCount()))
                .OrderBy(c => c.State)
                .ThenBy(c => c.Lane)
                .ToArray();
            return ValueTask.FromResult(counts);
        }
    }

    public ValueTask<int> ResendAsync(OutboxFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var resent = 0;
            foreach (var id in DeadLetters(filter))
            {
                var entry = _messages[id];
                _completed.Remove(id);
                _deadLettered--;
                entry.Message = entry.Message with
                {
                    State = OutboxState.Pending,
                    DueAt = now,
                    Attempts = 0,
                    LastError = null,
                    CompletedAt = null,
                    TelegramMessageId = null,
                };
                if (_pendingByChat.TryGetValue(entry.Message.ChatId, out var queue))
                {
                    RemoveHead(queue);
                }
                else
                {
                    queue = [];
                    _pendingByChat.Add(entry.Message.ChatId, queue);
                }

                queue.Add(id);
                AddHead(queue);
                resent++;
            }

            return ValueTask.FromResult(resent);
        }
    }

    public ValueTask<int> DiscardAsync(OutboxFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var discarded = 0;
            foreach (var id in DeadLetters(filter))
            {
                var message = _messages[id].Message;
                _completed.Remove(id);
                _messages.Remove(id);
                _byKey.Remove(message.IdempotencyKey);
                _deadLettered--;
                discarded++;
            }

            return ValueTask.FromResult(discarded);
        }
    }

    public ValueTask<DeliveryPause?> GetPauseAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_pause);
        }
    }

    public ValueTask SetPauseAsync(DeliveryPause? pause, CancellationToken cancellationToken = default)
    {
        StoreArguments.Pause(pause);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _pause = pause;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The ids of the dead-lettered messages that match <paramref name="filter"/>, in id order (a copy).</summary>
    private List<long> DeadLetters(OutboxFilter filter) =>
        _completed.Where(id => _messages[id].Message is { State: OutboxState.DeadLettered } m && filter.Matches(m)).Order().ToList();

    private bool TryGetLeased(long id, string leaseId, out Entry entry)
    {
        if (_messages.TryGetValue(id, out entry!)
            && entry.Message.State == OutboxState.Pending
            && string.Equals(entry.LeaseId, leaseId, StringComparison.Ordinal))
        {
            return true;
        }

        entry = null!;
        return false;
    }

    private void Complete(Entry entry, OutboxMessage completed)
    {
        var id = completed.Id;
        var chatId = entry.Message.ChatId;
        var queue = _pendingByChat[chatId];
        var wasHead = queue.Min == id;
        if (wasHead)
        {
            Heads(entry).Remove((entry.ReadyAt, id));
        }

        queue.Remove(id);
        entry.Message = completed;
        entry.LeaseId = null;
        entry.LeasedUntil = null;
        _completed.Add(id);
        if (queue.Count == 0)
        {
            _pendingByChat.Remove(chatId);
        }
        else if (wasHead)
        {
            AddHead(queue);
        }
    }

    private void RemoveHead(SortedSet<long> queue)
    {
        var entry = _messages[queue.Min];
        Heads(entry).Remove((entry.ReadyAt, queue.Min));
    }

    private void AddHead(SortedSet<long> queue)
    {
        var entry = _messages[queue.Min];
        Heads(entry).Add((entry.ReadyAt, queue.Min));
    }

    /// <summary>The heads (each chat's oldest pending message) of <paramref name="entry"/>'s lane, by when they can be leased.</summary>
    private SortedSet<(long ReadyAt, long Id)> Heads(Entry entry) => _heads[(int)entry.Message.Lane];

    private sealed class Entry(OutboxMessage message)
    {
        public OutboxMessage Message { get; set; } = message;

        public string? LeaseId { get; set; }

        public DateTimeOffset? LeasedUntil { get; set; }

        /// <summary>Whether the message waits for a retry because its last send failed (its last reschedule counted an attempt).</summary>
        public bool RetryAfterFailure { get; set; }

        /// <summary>When the message can next be leased: its due time, or the end of its lease if that is later.</summary>
        public long ReadyAt => LeasedUntil is { } until && until > Message.DueAt ? until.UtcTicks : Message.DueAt.UtcTicks;
    }
}
