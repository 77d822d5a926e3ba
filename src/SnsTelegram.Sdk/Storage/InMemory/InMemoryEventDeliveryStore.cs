namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// The webhook's event queue kept in memory (the default store): one lock makes each lease and mark atomic within the
/// process. Lost on stop, and not shared with other processes; use a database provider to keep events across restarts.
/// </summary>
internal sealed class InMemoryEventDeliveryStore : IEventDeliveryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);

    public ValueTask<bool> EnqueueAsync(EventDelivery delivery, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventDelivery(delivery);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_rows.TryAdd(delivery.EventId, new Row(delivery with { State = EventDeliveryState.Pending, CompletedAt = null }, _rows.Count)));
        }
    }

    public ValueTask<IReadOnlyList<EventDeliveryLease>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseUntil - now);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var leased = new List<EventDeliveryLease>();
            foreach (var row in _rows.Values
                .Where(r => r.Delivery.State == EventDeliveryState.Pending && r.Delivery.DueAt <= now && (r.LeasedUntil is null || r.LeasedUntil <= now))
                .OrderBy(r => r.Delivery.DueAt).ThenBy(r => r.Order).Take(max))
            {
                row.LeaseId = Guid.NewGuid().ToString("N");
                row.LeasedUntil = leaseUntil;
                leased.Add(new EventDeliveryLease(row.Delivery, row.LeaseId));
            }

            return ValueTask.FromResult<IReadOnlyList<EventDeliveryLease>>(leased);
        }
    }

    public ValueTask<bool> MarkDeliveredAsync(string eventId, string leaseId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Change(eventId, leaseId, d => d with { State = EventDeliveryState.Delivered, CompletedAt = at }, cancellationToken);

    public ValueTask<bool> RescheduleAsync(string eventId, string leaseId, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) =>
        Change(eventId, leaseId, d => d with { DueAt = dueAt, Attempts = d.Attempts + 1, LastError = error }, cancellationToken);

    public ValueTask<bool> DeadLetterAsync(string eventId, string leaseId, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Change(eventId, leaseId, d => d with { State = EventDeliveryState.DeadLettered, Attempts = d.Attempts + 1, LastError = error, CompletedAt = at }, cancellationToken);

    public ValueTask<EventDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventId(eventId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_rows.TryGetValue(eventId, out var row) ? row.Delivery : null);
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var done = _rows.Values.Where(r => r.Delivery.State != EventDeliveryState.Pending && r.Delivery.CompletedAt < before).Select(r => r.Delivery.EventId).ToList();
            foreach (var id in done)
            {
                _rows.Remove(id);
            }

            return ValueTask.FromResult(done.Count);
        }
    }

    private ValueTask<bool> Change(string eventId, string leaseId, Func<EventDelivery, EventDelivery> change, CancellationToken cancellationToken)
    {
        StoreArguments.EventId(eventId);
        StoreArguments.Lease(leaseId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryGetValue(eventId, out var row) || row.Delivery.State != EventDeliveryState.Pending || row.LeaseId != leaseId)
            {
                return ValueTask.FromResult(false);
            }

            row.Delivery = change(row.Delivery);
            row.LeaseId = null;
            row.LeasedUntil = null;
            return ValueTask.FromResult(true);
        }
    }

    private sealed class Row(EventDelivery delivery, long order)
    {
        public EventDelivery Delivery { get; set; } = delivery;

        public long Order { get; } = order;

        public string? LeaseId { get; set; }

        public DateTimeOffset? LeasedUntil { get; set; }
    }
}
