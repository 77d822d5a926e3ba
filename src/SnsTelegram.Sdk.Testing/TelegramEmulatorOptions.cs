using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Testing;

/// <summary>Settings of a <see cref="TelegramEmulator"/>.</summary>
public sealed class TelegramEmulatorOptions
{
    /// <summary>The bot token the emulator accepts. <see langword="null"/> (the default) generates a random token per instance.</summary>
    public string? BotToken { get; set; }

    /// <summary>The bot's username (without <c>@</c>), answered by <c>getMe</c>.</summary>
    public string BotUsername { get; set; } = "sns_emulator_bot";

    /// <summary>The bot's display name, answered by <c>getMe</c>.</summary>
    public string BotFirstName { get; set; } = "SNS Emulator Bot";

    /// <summary>The TCP port on 127.0.0.1; 0 (the default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The clock for rate limits and for the dates of recorded messages and updates. Long polling,
    /// latency and webhook retries always use real time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Telegram's flood limits; <see cref="TelegramEmulatorRateLimits.Enabled"/> turns them off.</summary>
    public TelegramEmulatorRateLimits RateLimits { get; set; } = new();

    /// <summary>Allows <c>setWebhook</c> with an <c>http://</c> URL or any port on a loopback host (127.0.0.1, ::1, localhost).
    /// Telegram itself only accepts https on ports 80, 88, 443 and 8443 of public hosts.</summary>
    public bool AllowLoopbackWebhooks { get; set; }

    /// <summary>An optional handler the emulator posts webhook updates through (for example the handler of an
    /// in-memory test server). <see langword="null"/> uses a real HTTP client.</summary>
    public HttpMessageHandler? WebhookHandler { get; set; }

    /// <summary>How many times one update is posted to the webhook before it is dropped (Telegram retries too).</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>The delay before the first webhook retry; it doubles after each failure up to <see cref="WebhookMaxRetryDelay"/>.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between two webhook attempts.</summary>
    public TimeSpan WebhookMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after a button press the bot may still answer its callback query; a later
    /// <c>answerCallbackQuery</c> gets Telegram's 400 "query is too old". Telegram does not publish its limit (answers
    /// after a few seconds already fail in practice). Measured on <see cref="TimeProvider"/>. Default: 15 seconds.</summary>
    public TimeSpan CallbackQueryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A fixed latency added to every Bot API call (models Telegram's round trip in benchmarks).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>A random extra latency, uniform between zero and this, added to every Bot API call on top of
    /// <see cref="Latency"/>, before the flood limits are checked (models the variation of the network delay).</summary>
    public TimeSpan LatencyJitter { get; set; }

    /// <summary>The bot's Telegram Stars balance, from which paid broadcasts (0.1 Star per message above the free limit)
    /// are paid; a paid message the balance cannot pay for is refused with 400 <c>BALANCE_TOO_LOW</c>.
    /// <see langword="null"/> (the default): unlimited.</summary>
    public decimal? StarsBalance { get; set; }

    /// <summary>Where the emulator logs its own events (webhook failures, request errors), never a token or a message
    /// text. The HTTP server's request logs stay off because the token is part of every URL. <see langword="null"/>: silent.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
