namespace SnsTelegram.Sdk.Storage;

/// <summary>Counts of the outbox, for metrics and health checks.</summary>
/// <param name="Pending">Messages not yet sent.</param>
/// <param name="Due">Pending messages whose time has come.</param>
/// <param name="DeadLettered">Messages given up on (still kept).</param>
/// <param name="OldestDueAt">The due time of the oldest due message, or null.</param>
public readonly record struct OutboxStats(long Pending, long Due, long DeadLettered, DateTimeOffset? OldestDueAt);
