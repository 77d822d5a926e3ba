namespace SnsTelegram.Sdk;

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
