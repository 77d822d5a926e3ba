using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Job occurrence leases in SQLite: acquiring is one conditional upsert, so of several instances exactly one wins.</summary>
internal sealed class SqliteJobLeaseStore(SqliteDatabase database) : IJobLeaseStore
{
    /// <summary>How many runs of each job are kept for history.</summary>
    internal const int RunsKept = 100;

    public async ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        StoreArguments.Job(jobId, owner);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            """
            INSERT INTO job_occurrences (job_id, occurrence, owner, lease_until, completed) VALUES ($job, $occurrence, $owner, $until, 0)
            ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
            WHERE job_occurrences.completed = 0 AND (job_occurrences.owner = excluded.owner OR job_occurrences.lease_until <= $now);
            """)
            .With("$job", jobId)
            .With("$occurrence", StoredValues.Ticks(occurrence))
            .With("$owner", owner)
            .With("$until", StoredValues.Ticks(leaseUntil))
            .With("$now", StoredValues.Ticks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default)
    {
        StoreArguments.Run(run);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        session.BeginImmediate();
        var complete = session.Command(
            """
            INSERT INTO job_occurrences (job_id, occurrence, owner, lease_until, completed) VALUES ($job, $occurrence, $owner, $until, 1)
            ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, completed = 1;
            INSERT INTO job_runs (job_id, occurrence, owner, started_at, duration, outcome, error)
            VALUES ($job, $occurrence, $owner, $started, $duration, $outcome, $error);
            DELETE FROM job_runs WHERE job_id = $job AND id NOT IN
                (SELECT id FROM job_runs WHERE job_id = $job ORDER BY started_at DESC, id DESC LIMIT $kept);
            """)
            .With("$job", run.JobId)
            .With("$occurrence", StoredValues.Ticks(run.Occurrence))
            .With("$owner", run.Owner)
            .With("$until", StoredValues.Ticks(run.StartedAt + run.Duration))
            .With("$started", StoredValues.Ticks(run.StartedAt))
            .With("$duration", run.Duration.Ticks)
            .With("$outcome", StoredRows.JobOutcomeValue(run.Outcome))
            .With("$error", run.Error)
            .With("$kept", RunsKept);
        {
            await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        session.Commit();
    }

    public async ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            "SELECT occurrence, owner, started_at, duration, outcome, error FROM job_runs WHERE job_id = $job ORDER BY started_at DESC, id DESC LIMIT 1;")
            .With("$job", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return StoredRows.ReadJobRun(jobId, reader);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("DELETE FROM job_occurrences WHERE occurrence < $before AND (completed = 1 OR lease_until < $before);")
            .With("$before", StoredValues.Ticks(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
