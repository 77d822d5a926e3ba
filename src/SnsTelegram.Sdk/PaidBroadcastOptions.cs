namespace SnsTelegram.Sdk;

/// <summary>
/// Paid broadcasts (<c>SnsTelegram:Delivery:PaidBroadcast</c>): Telegram lets a bot send above its free rate of about 30
/// messages per second, up to 1,000, for 0.1 Telegram Star per message above the free rate, taken from the bot's Stars
/// balance. When on, a send that fits the free rate goes out free; one that only fits <see cref="MessagesPerSecond"/> goes
/// out paid (with <c>allow_paid_broadcast</c>) while today's paid sends stay within <see cref="DailyStarsCap"/>; after
/// that the bot is back at the free rate until the next UTC day. Per-chat and per-group limits do not change. Off by default.
/// </summary>
public sealed class PaidBroadcastOptions
{
    /// <summary>The Stars one message above the free rate costs.</summary>
    public const decimal StarsPerMessage = 0.1m;

    /// <summary>Whether sends above the free rate are paid for. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Messages per second for the whole bot with paid broadcasts: 31 to 1000 (Telegram's ceiling), and more than
    /// <see cref="DeliveryOptions.GlobalMessagesPerSecond"/>. Default: 1000.</summary>
    public int MessagesPerSecond { get; set; } = 1000;

    /// <summary>The most Stars paid broadcasts may cost per UTC day (0.1 Star a message above the free rate); required,
    /// and more than 0, when <see cref="Enabled"/>. 100 Stars pay for 1,000 messages above the free rate.</summary>
    public decimal DailyStarsCap { get; set; }
}
