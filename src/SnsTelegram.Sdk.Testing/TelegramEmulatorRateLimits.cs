namespace SnsTelegram.Sdk.Testing;

/// <summary>Telegram's flood limits as the emulator enforces them. Each limit is a sliding window over the
/// accepted <c>sendMessage</c> calls: a call is refused with 429 when accepting it would exceed the limit in the
/// window that ends now.</summary>
public sealed class TelegramEmulatorRateLimits
{
    /// <summary>Whether limits are enforced (default <see langword="true"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages per second for the whole bot (Telegram: about 30).</summary>
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Long-run messages per second to one private chat (Telegram: about 1).</summary>
    public int PrivateChatMessagesPerSecond { get; set; } = 1;

    /// <summary>How many messages a private chat accepts in a short burst; the window is
    /// <c>PrivateChatBurst / PrivateChatMessagesPerSecond</c> seconds.</summary>
    public int PrivateChatBurst { get; set; } = 3;

    /// <summary>Messages per minute to one group or supergroup (Telegram: about 20).</summary>
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>Messages per second for the whole bot for <c>sendMessage</c> and <c>sendPhoto</c> calls with
    /// <c>allow_paid_broadcast</c> (Telegram: up to 1000). Such a call is checked against this limit (counting every
    /// accepted message) instead of <see cref="GlobalMessagesPerSecond"/>; it is free when it still fits the free limit
    /// (counting the free messages), and otherwise costs 0.1 Star (<see cref="TelegramEmulatorCounters.StarsSpent"/>).</summary>
    public int PaidBroadcastMessagesPerSecond { get; set; } = 1000;

    /// <summary>Limits switched off (for load tests and benchmarks).</summary>
    public static TelegramEmulatorRateLimits Disabled => new() { Enabled = false };
}
