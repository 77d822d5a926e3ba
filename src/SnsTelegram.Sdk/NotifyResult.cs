namespace SnsTelegram.Sdk;

/// <summary>The result of a notification.</summary>
/// <param name="Status">What happened.</param>
/// <param name="OutboxId">The outbox message id when queued or duplicate.</param>
public readonly record struct NotifyResult(NotifyStatus Status, long? OutboxId = null);
