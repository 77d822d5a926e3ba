namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// Something that happened to a user's notifications or link, raised after the change is stored. Chat ids and message
/// text appear only when <c>SnsTelegram:Events:IncludeContent</c> is on.
/// </summary>
public sealed record SnsTelegramEvent
{
    /// <summary>The event's unique id (<c>evt_</c> and 32 hex digits); the webhook's <c>webhook-id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="SnsTelegramEventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The app's user the event is about.</summary>
    public required string UserId { get; init; }

    /// <summary>For message events: the notification type (<c>post_success</c>, <c>daily_summary</c>, ...).</summary>
    public string? NotificationType { get; init; }

    /// <summary>For message events: the message's idempotency key.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>For message events: the message's id in the outbox.</summary>
    public long? OutboxId { get; init; }

    /// <summary>For message events: how many attempts failed so far (with <c>message.failed</c>, this one included).</summary>
    public int? AttemptCount { get; init; }

    /// <summary>Why: the dead-letter reason, the reason a link was turned off, or how a link was made.</summary>
    public string? Reason { get; init; }

    /// <summary>For message events: when the message was queued.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>For <c>message.failed</c>: when the next attempt is due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The chat id; only with <c>IncludeContent</c>.</summary>
    public long? ChatId { get; init; }

    /// <summary>For <c>link.migrated</c>: the group's former chat id; only with <c>IncludeContent</c>.</summary>
    public long? PreviousChatId { get; init; }

    /// <summary>For message events: the message text (HTML); only with <c>IncludeContent</c>.</summary>
    public string? Text { get; init; }
}
