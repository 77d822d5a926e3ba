using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Job occurrence leases in a relational database: acquiring is one conditional upsert (ON CONFLICT DO UPDATE ... WHERE),
/// so of several instances exactly one wins; completing records the run and the occurrence in one transaction.
/// </summary>
internal abstract class RelationalJobLeaseStore(RelationalDatabase database) : IJobLeaseStore
{
    /// <summary>How many runs of each job are kept for history.</summary>
    internal const int RunsKept = 100;

    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        StoreArguments.Job(jobId, owner);
        var acquire = new RelationalCommand(_sql.AcquireOccurrence)
            .Text("job", jobId)
            .Instant("occurrence", occurrence)
            .Text("owner", owner)
            .Instant("until", leaseUntil)
            .Instant("now", now);
        return await database.WriteAsync(acquire, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default)
    {
        StoreArguments.Run(run);
        var complete = new RelationalCommand(_sql.CompleteOccurrence)
            .Text("job", run.JobId)
            .Instant("occurrence", run.Occurrence)
            .Text("owner", run.Owner)
            .Instant("until", run.StartedAt + run.Duration);
        var record = new RelationalCommand(_sql.RecordRun)
            .Text("job", run.JobId)
            .Instant("occurrence", run.Occurrence)
            .Text("owner", run.Owner)
            .Instant("started", run.StartedAt)
            .Bigint("duration", run.Duration.Ticks)
            .Integer("outcome", StoredRows.JobOutcomeValue(run.Outcome))
            .Text("error", run.Error);
        var trim = new RelationalCommand(_sql.TrimRuns).Text("job", run.JobId).Integer("kept", RunsKept);
        await database.WriteAsync(null, [complete, record, trim], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var runs = await database.ReadAsync(new RelationalCommand(_sql.LastRun).Text("job", jobId), r => StoredRows.ReadJobRun(jobId, r), cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeOccurrences).Instant("before", before), cancellationToken);
}
