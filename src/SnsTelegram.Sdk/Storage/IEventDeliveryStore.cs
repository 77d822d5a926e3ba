namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// The durable queue of events for the app's webhook. Rules every provider follows (checked by
/// <c>EventDeliveryStoreConformance</c>): enqueue is idempotent by event id; a lease hands each due event to one caller
/// until the lease expires, even when several instances lease at once; the marks change an event only while it is
/// pending and still carries the caller's lease.
/// </summary>
public interface IEventDeliveryStore
{
    /// <summary>Adds a pending event; false (and nothing changed) when an event with its id exists.</summary>
    ValueTask<bool> EnqueueAsync(EventDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> pending events due at <paramref name="now"/> whose lease is free or expired,
    /// until <paramref name="leaseUntil"/>, oldest due first.
    /// </summary>
    ValueTask<IReadOnlyList<EventDeliveryLease>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased event delivered; false when the lease is not the caller's any more.</summary>
    ValueTask<bool> MarkDeliveredAsync(string eventId, string leaseId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed attempt and makes the event due again at <paramref name="dueAt"/>, freeing the lease; false when the lease is not the caller's.</summary>
    ValueTask<bool> RescheduleAsync(string eventId, string leaseId, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed attempt and gives the event up; false when the lease is not the caller's.</summary>
    ValueTask<bool> DeadLetterAsync(string eventId, string leaseId, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The event with this id, or null.</summary>
    ValueTask<EventDelivery?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Deletes delivered and dead-lettered events completed before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
