namespace SnsTelegram.Sdk.Reporting;

/// <summary>When a job runs: a cron expression in a time zone, or a fixed interval.</summary>
public abstract record JobSchedule
{
    private protected JobSchedule()
    {
    }

    /// <summary>
    /// A cron schedule (NCrontab: 5 fields, or 6 with seconds first) evaluated in <paramref name="timeZone"/> (default UTC).
    /// A local time skipped by a daylight-saving change runs at the first valid instant after it; a repeated one runs once.
    /// </summary>
    /// <exception cref="ArgumentException">The expression is not valid cron; the message says why.</exception>
    public static JobSchedule Cron(string expression, TimeZoneInfo? timeZone = null) => new CronJobSchedule(expression, timeZone ?? TimeZoneInfo.Utc);

    /// <summary>Every <paramref name="interval"/> (at least one second).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than one second.</exception>
    public static JobSchedule Every(TimeSpan interval) => new IntervalJobSchedule(interval);

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), or null when there is none.</summary>
    public abstract DateTimeOffset? GetNextOccurrence(DateTimeOffset after);
}
