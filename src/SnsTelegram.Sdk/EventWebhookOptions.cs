namespace SnsTelegram.Sdk;

/// <summary>
/// The app's webhook for delivery events (<c>SnsTelegram:Events:Webhook</c>), signed as the Standard Webhooks
/// specification says. Each event is queued in the store when it happens and posted from there, with retries.
/// </summary>
public sealed class EventWebhookOptions
{
    /// <summary>Where events are posted; https, or http to a loopback address. Not set: no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// One or two signing secrets, each <c>whsec_</c> followed by base64 of 24 to 64 random bytes. With two (during a
    /// rotation), every request carries two signatures, so the receiver may verify with either.
    /// </summary>
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>How many posts an event gets before it is dead-lettered (1 to 50). Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure, doubled after each further one (100 ms to 1 h). Default 5 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two posts (at least <see cref="RetryBaseDelay"/>, at most 1 day). Default 1 h.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one post may take (1 s to 2 min). Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance holds the events it posts; longer than <see cref="Timeout"/>, at most 1 h. Default 1 min.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the queue is read when nothing woke the sender (100 ms to 1 min). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many events an instance posts at once (1 to 64). Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;
}
