namespace SnsTelegram.Sdk;

/// <summary>How a job's run ended.</summary>
public enum JobOutcome
{
    /// <summary>It finished.</summary>
    Succeeded,

    /// <summary>It threw.</summary>
    Failed,

    /// <summary>It was stopped by shutdown.</summary>
    Canceled,
}

/// <summary>One run of a job's occurrence.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Occurrence">The scheduled instant (UTC) the run was for.</param>
/// <param name="Owner">The instance that ran it.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The error of a failed run.</param>
public sealed record JobRunRecord(
    string JobId,
    DateTimeOffset Occurrence,
    string Owner,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    JobOutcome Outcome,
    string? Error = null);

/// <summary>Leases of job occurrences, so that several app instances run each occurrence once, and the record of runs.</summary>
public interface IJobLeaseStore
{
    /// <summary>
    /// Claims the occurrence for <paramref name="owner"/> until <paramref name="leaseUntil"/>. True when the occurrence has not
    /// completed and no other owner holds an unexpired lease on it (the same owner may renew).
    /// </summary>
    ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Records the run and marks its occurrence done, so no instance runs it again.</summary>
    ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default);

    /// <summary>The latest completed run of the job, or null.</summary>
    ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets occurrences scheduled before <paramref name="before"/> that are completed or whose lease ended before it
    /// (a run still holding a lease stays); returns how many. The run history read by <see cref="GetLastRunAsync"/> is
    /// kept. Schedulers only claim occurrences near the present, so an occurrence older than a few days is never
    /// claimed again.
    /// </summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
