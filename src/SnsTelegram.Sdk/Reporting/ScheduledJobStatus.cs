using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>The state of one job, for a status page or a health check.</summary>
/// <param name="Job">The job.</param>
/// <param name="NextOccurrence">The next scheduled instant (UTC), or null when the job is off or has no further occurrence.</param>
/// <param name="LastRun">The latest completed run on any instance sharing the job lease store, or null.</param>
/// <param name="IsRunning">Whether this instance is running the job now.</param>
public sealed record ScheduledJobStatus(ScheduledJobInfo Job, DateTimeOffset? NextOccurrence, JobRunRecord? LastRun, bool IsRunning);
