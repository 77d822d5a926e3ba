namespace SnsTelegram.Sdk.Storage;

/// <summary>The result of enqueueing.</summary>
/// <param name="Enqueued">False when a message with the same idempotency key exists already.</param>
/// <param name="Id">The id of the new message, or of the existing one.</param>
public readonly record struct OutboxEnqueueResult(bool Enqueued, long Id);
