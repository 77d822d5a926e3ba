namespace SnsTelegram.Sdk.Delivery;

/// <summary>What <see cref="SendPipeline.SendAsync"/> did with one message; every consequence for the bot is already applied.</summary>
internal enum SendResultKind
{
    /// <summary>Telegram took it (<see cref="SendResult.MessageId"/>).</summary>
    Sent,

    /// <summary>Not sent: the rate limiter would have made it wait <see cref="SendResult.Wait"/>, longer than the caller allowed.</summary>
    Throttled,

    /// <summary>Telegram answered 429: the whole bot is paused for <see cref="SendResult.Wait"/>.</summary>
    RateLimited,

    /// <summary>The chat cannot receive messages (blocked, deactivated, removed, gone): its links are turned off (<see cref="SendResult.Reason"/>).</summary>
    ChatGone,

    /// <summary>
    /// The group became a supergroup. With <see cref="SendResult.NewChatId"/>, its links, pending messages and limiter
    /// state have moved there.
    /// </summary>
    Migrated,

    /// <summary>Telegram refused the message itself (<see cref="SendResult.Reason"/>); sending it again will not help.</summary>
    Rejected,

    /// <summary>5xx, timeouts, network errors and the like: it may go through later.</summary>
    Failed,
}
