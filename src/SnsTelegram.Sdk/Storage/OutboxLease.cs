namespace SnsTelegram.Sdk.Storage;

/// <summary>A message leased by one worker, with the lease id that proves it is still the holder.</summary>
/// <param name="Message">The message.</param>
/// <param name="LeaseId">The lease; marking the message needs it, and fails once another worker has taken over an expired lease.</param>
/// <param name="LeasedUntil">When the lease expires.</param>
public sealed record OutboxLease(OutboxMessage Message, string LeaseId, DateTimeOffset LeasedUntil);
