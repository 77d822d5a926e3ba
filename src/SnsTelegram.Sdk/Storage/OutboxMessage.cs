namespace SnsTelegram.Sdk.Storage;

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

    /// <summary>
    /// Its lane: among the chats' next messages, the dispatcher leases the urgent ones first, then the normal ones, then
    /// the bulk ones (each lane by due time, then id). It never reorders one chat's messages.
    /// </summary>
    public DeliveryLane Lane { get; init; } = DeliveryLane.Normal;

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

    /// <summary>
    /// The id of the social network the notification is about (<see cref="SnsPlatform.Id"/>: a published or failed post's
    /// platform, an automation's only platform), or null; a forum routed by platform
    /// (<see cref="ForumTopicRouting.Platform"/>) sends it to that platform's topic. At most
    /// <see cref="StoreArguments.MaxPlatformLength"/> characters.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that queued the message (<c>00-{trace id}-{span id}-{flags}</c>), or null
    /// when nothing was traced. Each send attempt's span is its child, so a send shows in the trace that queued it, even
    /// when another process sends it later. A store keeps it as given.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, or null.</summary>
    public string? TraceState { get; init; }
}
