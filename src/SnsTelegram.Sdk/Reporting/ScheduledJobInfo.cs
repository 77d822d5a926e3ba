namespace SnsTelegram.Sdk.Reporting;

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
