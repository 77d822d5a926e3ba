using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>One message for <see cref="SendPipeline.SendAsync"/>: a new message, or an edit of a sent one.</summary>
/// <param name="ChatId">The chat it goes to: the one whose rate limit it takes, and whose links and pending messages follow Telegram's answer.</param>
/// <param name="ChatType">That chat's kind (for the rate limiter).</param>
/// <param name="Message">The rendered message.</param>
internal sealed record SendRequest(long ChatId, TelegramChatType ChatType, TelegramMessage Message)
{
    /// <summary>Its lane: when sends wait for the rate limit, an urgent one gets the next slot before a normal or bulk one.</summary>
    public DeliveryLane Lane { get; init; } = DeliveryLane.Normal;

    /// <summary>For an edit: the chat of the message it replaces; null for a new message.</summary>
    public long? EditChatId { get; init; }

    /// <summary>For an edit: Telegram's id of the message it replaces; null for a new message.</summary>
    public long? EditMessageId { get; init; }

    /// <summary>The notification type, which picks the topic in a forum supergroup (<see cref="ForumTopicRouter"/>); null: the chat itself.</summary>
    public string? NotificationType { get; init; }

    /// <summary>The social network the message is about (<see cref="OutboxMessage.Platform"/>), for a forum's topic per platform.</summary>
    public string? Platform { get; init; }
}
