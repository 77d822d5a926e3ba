namespace SnsTelegram.Sdk.Delivery;

/// <summary>How Telegram answered one <c>sendMessage</c> (or edit).</summary>
internal enum SendOutcomeKind
{
    /// <summary>Delivered.</summary>
    Sent,

    /// <summary>429: wait <see cref="SendOutcome.RetryAfter"/>, and slow the whole bot.</summary>
    RateLimited,

    /// <summary>403 (blocked, deactivated, kicked) or 400 chat not found: the chat cannot receive messages.</summary>
    ChatUnavailable,

    /// <summary>400 with <c>migrate_to_chat_id</c>: the group became a supergroup.</summary>
    Migrated,

    /// <summary>Telegram refused the message itself; sending it again will not help.</summary>
    Rejected,

    /// <summary>5xx, timeouts, network errors: try again later.</summary>
    Transient,
}
