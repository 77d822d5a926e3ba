namespace SnsTelegram.Sdk;

/// <summary>A scheduled job as the scheduler runs it: the registration with configuration overrides applied.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Schedule">The effective schedule.</param>
/// <param name="MissedRunPolicy">What happens to occurrences missed while the app was down.</param>
/// <param name="Enabled">Whether the job runs.</param>
/// <param name="JobType">The <see cref="IScheduledJob"/> type resolved from a DI scope per run.</param>
public sealed record ScheduledJobInfo(string Id, JobSchedule Schedule, MissedRunPolicy MissedRunPolicy, bool Enabled, Type JobType)
{
    /// <summary>A service the job needs that is not registered (the job is then off), or null.</summary>
    internal Type? MissingService { get; init; }
}

/// <summary>The state of one job, for a status page or a health check.</summary>
/// <param name="Job">The job.</param>
/// <param name="NextOccurrence">The next scheduled instant (UTC), or null when the job is off or has no further occurrence.</param>
/// <param name="LastRun">The latest completed run on any instance sharing the job lease store, or null.</param>
/// <param name="IsRunning">Whether this instance is running the job now.</param>
public sealed record ScheduledJobStatus(ScheduledJobInfo Job, DateTimeOffset? NextOccurrence, JobRunRecord? LastRun, bool IsRunning);

/// <summary>Reads the scheduler's jobs and their state (available even when this instance's scheduler is turned off).</summary>
public interface IJobScheduler
{
    /// <summary>The registered jobs, with configuration overrides applied, in registration order.</summary>
    IReadOnlyList<ScheduledJobInfo> Jobs { get; }

    /// <summary>The instance id this process uses as lease owner.</summary>
    string InstanceId { get; }

    /// <summary>Every job with its next occurrence, last run and whether it is running.</summary>
    ValueTask<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken cancellationToken = default);
}
