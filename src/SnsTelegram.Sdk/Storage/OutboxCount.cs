namespace SnsTelegram.Sdk.Storage;

/// <summary>How many outbox messages are in one state and lane.</summary>
/// <param name="State">The state.</param>
/// <param name="Lane">The lane.</param>
/// <param name="Count">How many messages.</param>
public readonly record struct OutboxCount(OutboxState State, DeliveryLane Lane, long Count);
