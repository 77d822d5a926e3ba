namespace SnsTelegram.Sdk.Delivery;

/// <summary>What <see cref="ITelegramDirectSender.SendNowAsync"/> did.</summary>
public enum DirectSendStatus
{
    /// <summary>Telegram accepted the message.</summary>
    Sent,

    /// <summary>The user has no Telegram link; nothing was sent.</summary>
    NotLinked,

    /// <summary>The user's link is turned off; nothing was sent.</summary>
    Disabled,

    /// <summary>The user muted this notification type (a test message is never muted); nothing was sent.</summary>
    Muted,

    /// <summary>
    /// Telegram refused the chat: the user blocked the bot, the account was deactivated, the bot was removed from the group,
    /// or the chat no longer exists. The link has been turned off (<see cref="DirectSendResult.Error"/> names the reason).
    /// </summary>
    Blocked,

    /// <summary>Telegram is rate-limiting the bot, failing, slow or out of reach; try again later (see <see cref="DirectSendResult.RetryAfter"/>).</summary>
    TelegramUnavailable,

    /// <summary>Telegram rejected the message itself (a 4xx other than the above); sending it again will not help.</summary>
    Rejected,

    /// <summary>
    /// Telegram answered 401 Unauthorized: the bot token was revoked or is wrong. Nothing can be sent until the
    /// configured token is fixed; this is the server's problem, not the user's.
    /// </summary>
    BotTokenRejected,
}
