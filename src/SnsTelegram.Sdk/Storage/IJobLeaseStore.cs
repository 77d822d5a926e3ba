namespace SnsTelegram.Sdk.Storage;

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
