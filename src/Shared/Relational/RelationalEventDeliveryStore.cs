using System.Data.Common;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// The webhook's event queue in a relational database: enqueue is <c>INSERT ... ON CONFLICT DO NOTHING</c>, a lease one
/// conditional <c>UPDATE ... RETURNING</c> (PostgreSQL picks its candidates <c>FOR UPDATE SKIP LOCKED</c>, so instances
/// leasing together never get the same event), and the marks change a row only while it is pending under the caller's lease.
/// </summary>
internal abstract class RelationalEventDeliveryStore(RelationalDatabase database) : IEventDeliveryStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<bool> EnqueueAsync(EventDelivery delivery, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventDelivery(delivery);
        var insert = new RelationalCommand(_sql.InsertEventDelivery)
            .Text("id", delivery.EventId)
            .Text("type", delivery.EventType)
            .Text("body", delivery.Body)
            .Instant("created", delivery.CreatedAt)
            .Instant("due", delivery.DueAt)
            .Integer("attempts", delivery.Attempts);
        return await database.WriteAsync(insert, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<IReadOnlyList<EventDeliveryLease>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseUntil - now);
        var lease = new RelationalCommand(_sql.LeaseEventDeliveries).Instant("now", now).Instant("until", leaseUntil).Integer("max", max);
        var rows = await database.WriteAsync(lease, static r => new EventDeliveryLease(Read(r), r.GetString(9)), cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(l => l.Delivery.DueAt).ThenBy(l => l.Delivery.CreatedAt).ToList();
    }

    public async ValueTask<bool> MarkDeliveredAsync(string eventId, string leaseId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventId(eventId);
        StoreArguments.Lease(leaseId);
        var mark = new RelationalCommand(_sql.MarkEventDelivered).Text("id", eventId).Text("lease", leaseId).Instant("at", at);
        return await database.WriteAsync(mark, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> RescheduleAsync(string eventId, string leaseId, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventId(eventId);
        StoreArguments.Lease(leaseId);
        var mark = new RelationalCommand(_sql.RescheduleEventDelivery).Text("id", eventId).Text("lease", leaseId).Instant("due", dueAt).Text("error", error);
        return await database.WriteAsync(mark, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> DeadLetterAsync(string eventId, string leaseId, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventId(eventId);
        StoreArguments.Lease(leaseId);
        var mark = new RelationalCommand(_sql.DeadLetterEventDelivery).Text("id", eventId).Text("lease", leaseId).Text("error", error).Instant("at", at);
        return await database.WriteAsync(mark, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<EventDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        StoreArguments.EventId(eventId);
        var rows = await database.ReadAsync(new RelationalCommand(_sql.EventDeliveryById).Text("id", eventId), Read, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeEventDeliveries).Instant("before", before), cancellationToken);

    private static EventDelivery Read(DbDataReader r) => new()
    {
        EventId = r.GetString(0),
        EventType = r.GetString(1),
        Body = r.GetString(2),
        CreatedAt = StoredValues.Instant(r, 3),
        DueAt = StoredValues.Instant(r, 4),
        State = r.GetInt32(5) switch
        {
            0 => EventDeliveryState.Pending,
            1 => EventDeliveryState.Delivered,
            2 => EventDeliveryState.DeadLettered,
            var other => throw new InvalidDataException($"Unknown event delivery state {other} in the database."),
        },
        Attempts = r.GetInt32(6),
        LastError = StoredValues.NullableString(r, 7),
        CompletedAt = StoredValues.NullableInstant(r, 8),
    };
}
