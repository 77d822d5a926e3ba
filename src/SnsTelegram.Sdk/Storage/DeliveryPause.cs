namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Delivery paused by an operator for every instance that shares the store: while it is set, no instance sends a queued
/// message. Enqueueing goes on.
/// </summary>
/// <param name="PausedBy">Who paused it (the operator's name).</param>
/// <param name="PausedAt">When.</param>
/// <param name="Reason">Why, as the operator wrote it, or null.</param>
public sealed record DeliveryPause(string PausedBy, DateTimeOffset PausedAt, string? Reason);
