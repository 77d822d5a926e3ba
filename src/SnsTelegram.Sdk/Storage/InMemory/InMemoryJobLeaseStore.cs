namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>Job occurrence leases and run records kept in memory (the default store; one process). Thread-safe.</summary>
internal sealed class InMemoryJobLeaseStore : IJobLeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string JobId, long Occurrence), Occupancy> _occurrences = [];
    private readonly Dictionary<string, JobRunRecord> _lastRuns = new(StringComparer.Ordinal);

    public ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        StoreArguments.Job(jobId, owner);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (jobId, occurrence.UtcTicks);
        lock (_gate)
        {
            if (_occurrences.TryGetValue(key, out var held)
                && (held.Completed || (!string.Equals(held.Owner, owner, StringComparison.Ordinal) && held.LeaseUntil > now)))
            {
                return ValueTask.FromResult(false);
            }

            _occurrences[key] = new Occupancy(owner, leaseUntil, Completed: false);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default)
    {
        StoreArguments.Run(run);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _occurrences[(run.JobId, run.Occurrence.UtcTicks)] = new Occupancy(run.Owner, run.StartedAt + run.Duration, Completed: true);
            if (!_lastRuns.TryGetValue(run.JobId, out var last) || run.StartedAt >= last.StartedAt)
            {
                _lastRuns[run.JobId] = run;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_lastRuns.GetValueOrDefault(jobId));
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ticks = before.UtcTicks;
        lock (_gate)
        {
            var purged = 0;
            foreach (var (key, held) in _occurrences)
            {
                if (key.Occurrence < ticks && (held.Completed || held.LeaseUntil < before) && _occurrences.Remove(key))
                {
                    purged++;
                }
            }

            return ValueTask.FromResult(purged);
        }
    }

    private readonly record struct Occupancy(string Owner, DateTimeOffset LeaseUntil, bool Completed);
}
