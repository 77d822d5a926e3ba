using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// Job occurrence leases in PostgreSQL: acquiring is one conditional upsert (ON CONFLICT DO UPDATE ... WHERE), so of
/// several instances exactly one wins; completing records the run and the occurrence in one transaction.
/// </summary>
internal sealed class PostgreSqlJobLeaseStore : IJobLeaseStore
{
    /// <summary>How many runs of each job are kept for history.</summary>
    internal const int RunsKept = 100;

    private readonly PostgreSqlDatabase _database;
    private readonly string _acquireSql;
    private readonly string _completeSql;
    private readonly string _recordRunSql;
    private readonly string _trimRunsSql;
    private readonly string _lastRunSql;
    private readonly string _purgeSql;

    public PostgreSqlJobLeaseStore(PostgreSqlDatabase database)
    {
        _database = database;
        _acquireSql = database.Sql(
            """
            INSERT INTO {schema}.job_occurrences AS j (job_id, occurrence, owner, lease_until, completed) VALUES (@job, @occurrence, @owner, @until, false)
            ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
            WHERE NOT j.completed AND (j.owner = excluded.owner OR j.lease_until <= @now);
            """);
        _completeSql = database.Sql(
            """
            INSERT INTO {schema}.job_occurrences (job_id, occurrence, owner, lease_until, completed) VALUES (@job, @occurrence, @owner, @until, true)
            ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, completed = true;
            """);
        _recordRunSql = database.Sql(
            """
            INSERT INTO {schema}.job_runs (job_id, occurrence, owner, started_at, duration, outcome, error)
            VALUES (@job, @occurrence, @owner, @started, @duration, @outcome, @error);
            """);
        _trimRunsSql = database.Sql(
            """
            DELETE FROM {schema}.job_runs WHERE job_id = @job AND id NOT IN
                (SELECT id FROM {schema}.job_runs WHERE job_id = @job ORDER BY started_at DESC, id DESC LIMIT @kept);
            """);
        _lastRunSql = database.Sql(
            "SELECT occurrence, owner, started_at, duration, outcome, error FROM {schema}.job_runs WHERE job_id = @job ORDER BY started_at DESC, id DESC LIMIT 1;");
        _purgeSql = database.Sql("DELETE FROM {schema}.job_occurrences WHERE occurrence < @before AND (completed OR lease_until < @before);");
    }

    public async ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        StoreArguments.Job(jobId, owner);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_acquireSql, connection);
        command.Parameters
            .Text("job", jobId)
            .Bigint("occurrence", StoredValues.Ticks(occurrence))
            .Text("owner", owner)
            .Bigint("until", StoredValues.Ticks(leaseUntil))
            .Bigint("now", StoredValues.Ticks(now));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default)
    {
        StoreArguments.Run(run);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // one batch, one implicit transaction
        await using var batch = new NpgsqlBatch(connection);
        var complete = new NpgsqlBatchCommand(_completeSql);
        complete.Parameters
            .Text("job", run.JobId)
            .Bigint("occurrence", StoredValues.Ticks(run.Occurrence))
            .Text("owner", run.Owner)
            .Bigint("until", StoredValues.Ticks(run.StartedAt + run.Duration));
        var record = new NpgsqlBatchCommand(_recordRunSql);
        record.Parameters
            .Text("job", run.JobId)
            .Bigint("occurrence", StoredValues.Ticks(run.Occurrence))
            .Text("owner", run.Owner)
            .Bigint("started", StoredValues.Ticks(run.StartedAt))
            .Bigint("duration", run.Duration.Ticks)
            .Integer("outcome", StoredRows.JobOutcomeValue(run.Outcome))
            .Text("error", run.Error);
        var trim = new NpgsqlBatchCommand(_trimRunsSql);
        trim.Parameters.Text("job", run.JobId).Integer("kept", RunsKept);
        batch.BatchCommands.Add(complete);
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(trim);
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_lastRunSql, connection);
        command.Parameters.Text("job", jobId);
        await using var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return StoredRows.ReadJobRun(jobId, reader);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_purgeSql, connection);
        command.Parameters.Bigint("before", StoredValues.Ticks(before));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }
}
