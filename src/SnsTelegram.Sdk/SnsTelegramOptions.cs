namespace SnsTelegram.Sdk;

/// <summary>Settings of SnsTelegram.Sdk, bound from the <c>SnsTelegram</c> configuration section.</summary>
public sealed class SnsTelegramOptions
{
    /// <summary>The default Bot API address.</summary>
    public const string TelegramApiBaseUrl = "https://api.telegram.org";

    /// <summary>The bot token from BotFather, <c>&lt;digits&gt;:&lt;secret&gt;</c>. Required. Never logged.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>The bot's username without <c>@</c>, used in deep links (<c>https://t.me/&lt;bot&gt;?start=...</c>). Required.</summary>
    public string BotUsername { get; set; } = string.Empty;

    /// <summary>The Bot API base address; point it at a local Bot API server or the emulator. Default: Telegram's.</summary>
    public string ApiBaseUrl { get; set; } = TelegramApiBaseUrl;

    /// <summary>The secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c>: 1 to 256 characters of <c>A-Za-z0-9_-</c>. Required in webhook mode.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The public https address of the webhook endpoint. When set in webhook mode, <c>setWebhook</c> is called on start.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Allows an <c>http://</c> <see cref="WebhookUrl"/> on a loopback address, for local Bot API servers and tests.</summary>
    public bool AllowInsecureLoopbackWebhook { get; set; }

    /// <summary>How updates are received. Default: <see cref="TelegramUpdateMode.Webhook"/>.</summary>
    public TelegramUpdateMode UpdateMode { get; set; } = TelegramUpdateMode.Webhook;

    /// <summary>The language of a user who has not chosen one: <c>ko</c> or <c>en</c>. Default: <c>ko</c>.</summary>
    public string DefaultLanguage { get; set; } = "ko";

    /// <summary>The IANA time zone of a user who has not chosen one. Default: <c>UTC</c>.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How long a deep-link token stays valid. Default: 10 minutes; 1 minute to 1 day.</summary>
    public TimeSpan LinkTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a one-time link code shown by the bot stays valid. Default: 10 minutes; 1 minute to 1 day.</summary>
    public TimeSpan LinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many link tokens one user may request within <see cref="LinkTokenIssueWindow"/>, and how many codes one user
    /// may have evaluated on <c>verify-link</c> in that window (a right code is not counted, nor does it reset the count).
    /// Default: 10.
    /// </summary>
    public int LinkTokenIssueLimit { get; set; } = 10;

    /// <summary>The sliding window of <see cref="LinkTokenIssueLimit"/>. Default: 1 hour.</summary>
    public TimeSpan LinkTokenIssueWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-user limits of the endpoints that make the bot send or that write.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>
    /// The key that wraps the data keys under which the SQLite and PostgreSQL providers encrypt chat ids at rest: 32
    /// random bytes in base64, the same on every instance, kept secret like the bot token. Never logged. Default: none,
    /// and the app's ASP.NET Core Data Protection key ring wraps them instead.
    /// </summary>
    public string? StorageEncryptionKey { get; set; }

    /// <summary>Delivery (outbox and dispatcher) settings.</summary>
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Delivery events: in-code handlers and the app's signed webhook (<c>SnsTelegram:Events</c>).</summary>
    public EventsOptions Events { get; set; } = new();

    /// <summary>Scheduler settings.</summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Daily report settings.</summary>
    public DailySummaryOptions DailySummary { get; set; } = new();

    /// <summary>Digests and held messages (see <see cref="DigestOptions"/>).</summary>
    public DigestOptions Digest { get; set; } = new();

    /// <summary>Per-job overrides, by job id (for example <c>telegram_daily_summary</c>).</summary>
    public Dictionary<string, JobOverrideOptions> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
