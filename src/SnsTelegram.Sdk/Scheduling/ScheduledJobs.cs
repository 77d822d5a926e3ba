namespace SnsTelegram.Sdk;

/// <summary>A job the scheduler runs: the daily report, housekeeping, or a host's own work.</summary>
public interface IScheduledJob
{
    /// <summary>Runs one occurrence. An exception is logged and recorded; the schedule goes on.</summary>
    Task ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>What a job knows about the occurrence it runs.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Occurrence">The scheduled instant (UTC) being run.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Services">The scope's services.</param>
public sealed record JobContext(string JobId, DateTimeOffset Occurrence, DateTimeOffset StartedAt, IServiceProvider Services);

/// <summary>What the scheduler does with occurrences that fell while the app was down.</summary>
public enum MissedRunPolicy
{
    /// <summary>Run the latest missed occurrence once on start, then follow the schedule.</summary>
    RunOnce,

    /// <summary>Skip missed occurrences; wait for the next one.</summary>
    Skip,
}

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
