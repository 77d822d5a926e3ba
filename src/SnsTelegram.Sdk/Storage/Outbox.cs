namespace SnsTelegram.Sdk;

/// <summary>The state of an outbox message.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be sent (or to be retried).</summary>
    Pending,

    /// <summary>Delivered to Telegram.</summary>
    Sent,

    /// <summary>Given up on; see <see cref="OutboxMessage.LastError"/>.</summary>
    DeadLettered,
}

/// <summary>A message in the outbox.</summary>
public sealed record OutboxMessage
{
    /// <summary>The store's id, increasing in enqueue order; 0 before it is enqueued.</summary>
    public long Id { get; init; }

    /// <summary>The key that makes enqueueing idempotent (unique in the store).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The app's id of the user the message is for.</summary>
    public required string UserId { get; init; }

    /// <summary>The chat it goes to.</summary>
    public required long ChatId { get; init; }

    /// <summary>The kind of that chat (for the rate limiter).</summary>
    public TelegramChatType ChatType { get; init; } = TelegramChatType.Private;

    /// <summary>The notification type (<see cref="NotificationTypes"/>).</summary>
    public required string NotificationType { get; init; }

    /// <summary>The rendered message.</summary>
    public required TelegramMessage Message { get; init; }

    /// <summary>When it was enqueued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it may be sent (later than <see cref="CreatedAt"/> for a retry or a deferred message).</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Its state.</summary>
    public OutboxState State { get; init; } = OutboxState.Pending;

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The last failure, or the dead-letter reason.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was sent or dead-lettered.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Telegram's message id once sent.</summary>
    public long? TelegramMessageId { get; init; }

    /// <summary>
    /// For an edit: the idempotency key of the message whose Telegram message this one replaces (its text, caption and
    /// buttons); null for a new message.
    /// </summary>
    public string? EditOf { get; init; }
}

/// <summary>A message leased by one worker, with the lease id that proves it is still the holder.</summary>
/// <param name="Message">The message.</param>
/// <param name="LeaseId">The lease; marking the message needs it, and fails once another worker has taken over an expired lease.</param>
/// <param name="LeasedUntil">When the lease expires.</param>
public sealed record OutboxLease(OutboxMessage Message, string LeaseId, DateTimeOffset LeasedUntil);

/// <summary>The result of enqueueing.</summary>
/// <param name="Enqueued">False when a message with the same idempotency key exists already.</param>
/// <param name="Id">The id of the new message, or of the existing one.</param>
public readonly record struct OutboxEnqueueResult(bool Enqueued, long Id);

/// <summary>Counts of the outbox, for metrics and health checks.</summary>
/// <param name="Pending">Messages not yet sent.</param>
/// <param name="Due">Pending messages whose time has come.</param>
/// <param name="DeadLettered">Messages given up on (still kept).</param>
/// <param name="OldestDueAt">The due time of the oldest due message, or null.</param>
public readonly record struct OutboxStats(long Pending, long Due, long DeadLettered, DateTimeOffset? OldestDueAt);

/// <summary>The durable outbox between the notifier and the dispatcher.</summary>
public interface IOutboxStore
{
    /// <summary>Adds a pending message unless one with the same idempotency key exists.</summary>
    ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> due messages for <paramref name="leaseDuration"/>. Only the oldest
    /// pending message of each chat is eligible (so one chat's messages go out in order), and only when it is
    /// not leased or its lease has expired.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased message sent; false when the lease is no longer held.</summary>
    ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a leased message to be tried again at <paramref name="dueAt"/>, recording <paramref name="error"/>;
    /// <paramref name="countAttempt"/> adds one to the attempts (false for waits that are not failures, such as a 429 or a shutdown).
    /// False when the lease is no longer held.
    /// </summary>
    ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default);

    /// <summary>Gives up on a leased message; false when the lease is no longer held.</summary>
    ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Moves pending messages from one chat id to another (a group became a supergroup); returns how many.</summary>
    ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default);

    /// <summary>The message with this id, or null.</summary>
    ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The message with this idempotency key, or null.</summary>
    ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest message enqueued to edit the message with key <paramref name="originalKey"/> (the highest id whose
    /// <see cref="OutboxMessage.EditOf"/> is that key), or null when there is none (or it was purged).
    /// </summary>
    ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default);

    /// <summary>Counts for metrics and health checks.</summary>
    ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes sent and dead-lettered messages completed before <paramref name="completedBefore"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default);
}
