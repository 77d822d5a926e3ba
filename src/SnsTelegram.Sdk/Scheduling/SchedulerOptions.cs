namespace SnsTelegram.Sdk;

/// <summary>Settings of the job scheduler.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Whether this process runs scheduled jobs. Turn it off in an API-only instance. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an instance holds the lease of a running occurrence before another instance may take it over. Default: 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Configuration overrides of one job (<c>SnsTelegram:Jobs:&lt;id&gt;</c>).</summary>
public sealed class JobOverrideOptions
{
    /// <summary>Turns the job on or off; null keeps the registered value.</summary>
    public bool? Enabled { get; set; }

    /// <summary>A cron expression (5 fields, or 6 with seconds) that replaces the registered schedule; null keeps it.</summary>
    public string? Cron { get; set; }

    /// <summary>An interval that replaces the registered schedule; null keeps it.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>The IANA time zone of <see cref="Cron"/>; null keeps the registered one.</summary>
    public string? TimeZone { get; set; }
}
