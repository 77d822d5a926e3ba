namespace SnsTelegram.Sdk;

/// <summary>Settings of the job scheduler.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Whether this process runs scheduled jobs. Turn it off in an API-only instance. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an instance holds the lease of a running occurrence before another instance may take it over. Default: 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);
}
