namespace SnsTelegram.Sdk.Storage;

/// <summary>An event leased for posting: only the holder of <see cref="LeaseId"/> may record its outcome.</summary>
/// <param name="Delivery">The event as stored when it was leased.</param>
/// <param name="LeaseId">The lease, to pass to the marks of <see cref="IEventDeliveryStore"/>.</param>
public sealed record EventDeliveryLease(EventDelivery Delivery, string LeaseId);
