namespace SnsTelegram.Sdk.Delivery;

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
