namespace SnsTelegram.Sdk;

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
}

/// <summary>The result of <see cref="ITelegramDirectSender.SendNowAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="TelegramMessageId">Telegram's id of the sent message, when <see cref="DirectSendStatus.Sent"/>.</param>
/// <param name="Error">A short, token-free description of the failure (for logs, not for end users), or null.</param>
/// <param name="RetryAfter">When Telegram asked the bot to wait (HTTP 429), how long; otherwise null.</param>
public readonly record struct DirectSendResult(
    DirectSendStatus Status,
    long? TelegramMessageId = null,
    string? Error = null,
    TimeSpan? RetryAfter = null);

/// <summary>
/// Sends one notification to its user right away, bypassing the outbox, and reports how Telegram answered.
/// Meant for interactive actions such as "send a test message", where the caller wants the answer now; everything
/// else should go through <see cref="ISnsTelegramNotifier"/>. The send still honours the bot's rate limits, and a
/// blocked or vanished chat turns the user's link off, exactly as the dispatcher does.
/// </summary>
public interface ITelegramDirectSender
{
    /// <summary>Renders <paramref name="notification"/> for <paramref name="userId"/> and sends it now.</summary>
    /// <param name="userId">The app's id of the user.</param>
    /// <param name="notification">The notification; its <see cref="SnsNotification.UserId"/> must be <paramref name="userId"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for a rate-limit slot and the call to Telegram.</param>
    /// <exception cref="ArgumentException">The user id is empty, or does not match the notification's.</exception>
    ValueTask<DirectSendResult> SendNowAsync(string userId, SnsNotification notification, CancellationToken cancellationToken = default);
}
