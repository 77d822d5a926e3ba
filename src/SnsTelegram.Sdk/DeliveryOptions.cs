namespace SnsTelegram.Sdk;

/// <summary>Settings of the outbox dispatcher and its rate limiter.</summary>
public sealed class DeliveryOptions
{
    /// <summary>
    /// Whether this process may send. Among the instances that share a store, one with this on sends at a time and the
    /// others stand by to take over; turn it off in a process that must never send. Default: true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages per second for the whole bot (Telegram: about 30). 0 turns the global limit off.</summary>
    public double GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Messages per second to one private chat (Telegram: about 1). 0 turns the limit off.</summary>
    public double PrivateChatMessagesPerSecond { get; set; } = 1;

    /// <summary>Messages one private chat may receive at once before <see cref="PrivateChatMessagesPerSecond"/> applies. Default: 3.</summary>
    public int PrivateChatBurst { get; set; } = 3;

    /// <summary>Messages per minute to one group or channel (Telegram: 20). 0 turns the limit off.</summary>
    public double GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>How many messages are sent at once. Default: 16.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// Attempts before a message that keeps failing is dead-lettered. Default: 12, so that with the default retry delays
    /// (1 s doubling to 5 min, less up to half at random) a message is retried for at least 9 minutes and a Telegram
    /// outage of that length loses nothing.
    /// </summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The first retry delay after a server or network error; doubled each attempt, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay. Default: 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the sending instance holds a leased message before its own next lease query may take it again. An
    /// instance that takes over from a dead sender frees the dead sender's leases at once. Default: 2 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often an idle dispatcher looks for due messages (it is also woken at once by new messages in this process).
    /// With a store whose coordinator wakes the sender for every other instance's enqueue (PostgreSQL), an idle
    /// dispatcher with nothing in flight sleeps instead until the store's next due time, at most <see cref="LeaseDuration"/>.
    /// Default: 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a call to the stores may take before it is given up: <c>NotifyAsync</c> and <c>UpdateAsync</c> then throw
    /// <see cref="SnsTelegramStoreException"/> (the notification is not queued, so the caller can retry or report it) instead
    /// of hanging while the database is unreachable or locked, the delivery health check reports the store unreachable, and
    /// the dispatcher tries an outcome it keeps in memory again. Default: 5 seconds.
    /// </summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the sending instance asks Telegram whether it answers (<c>getMe</c>) after a send failed with a server
    /// error, a network error or a timeout, until it does. When Telegram answers again after such an outage, every message
    /// waiting for a retry because of a failed send is due at once, so delivery resumes within about this interval of
    /// Telegram's recovery instead of at each message's own next retry. Default: 1 second; 100 ms to 1 minute.
    /// </summary>
    public TimeSpan OutageProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The timeout of one Bot API call. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The least by which each rate-limit window is widened (30/s becomes "at most 30 in any 1 s + margin"). The limiter
    /// measures the round trips of recent sends: a send counts from its start, or, when its answer took longer than the
    /// fastest recent round trip, from its answer less that round trip (when Telegram may have counted it); and the margin
    /// is the larger of this floor and the measured spread of the fastest round trips. Default: 5 ms; zero to 1 second.
    /// </summary>
    public TimeSpan RateLimitSafetyMargin { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How many due messages the dispatcher leases ahead of its free senders. Default: 2 x <see cref="MaxConcurrency"/> when 0.</summary>
    public int LeaseBatchSize { get; set; }

    /// <summary>
    /// The lane of each notification type, by type name (<see cref="NotificationTypes"/>), over the defaults: urgent for
    /// <c>post_failure</c> and <c>test</c>, bulk for <c>daily_summary</c>, normal for everything else. The bot's replies
    /// are always urgent.
    /// </summary>
    public IDictionary<string, DeliveryLane> Lanes { get; } = new Dictionary<string, DeliveryLane>(StringComparer.Ordinal);

    /// <summary>Paid broadcasts above the free rate (<c>allow_paid_broadcast</c>), with a daily Stars cap. Off by default.</summary>
    public PaidBroadcastOptions PaidBroadcast { get; set; } = new();

    /// <summary>How long sent and dead-lettered messages are kept. Default: 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
