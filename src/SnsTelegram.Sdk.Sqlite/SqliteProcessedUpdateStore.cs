namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// Processed update ids in SQLite; the primary key makes the first insert win. Concurrent calls are committed
/// together (group commit): each caller queues its id and waits for the write turn; the caller that gets the turn
/// records every id queued so far in one transaction, so a burst of webhook requests costs one commit instead of
/// one per update. Every caller gets its answer only after the transaction holding its id has committed.
/// </summary>
internal sealed class SqliteProcessedUpdateStore(SqliteDatabase database) : IProcessedUpdateStore
{
    private const int MaxBatch = 256;
    private const string Insert = "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES ($id, $at);";

    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];

    public async ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(updateId, Sql.Ticks(now));
        lock (_gate)
        {
            _queue.Add(pending);
        }

        SqliteSession session;
        try
        {
            session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            lock (_gate)
            {
                // still queued: nobody recorded it, so the update stays new for the redelivery that follows the error
                if (_queue.Remove(pending))
                {
                    throw;
                }
            }

            // another caller took it into a batch already: its outcome is the answer
            return await pending.Result.Task.ConfigureAwait(false);
        }

        await using (session.ConfigureAwait(false))
        {
            if (!pending.Result.Task.IsCompleted)
            {
                await RecordQueuedAsync(session).ConfigureAwait(false);
            }
        }

        return await pending.Result.Task.ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("DELETE FROM processed_updates WHERE processed_at < $before;").With("$before", Sql.Ticks(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RecordQueuedAsync(SqliteSession session)
    {
        Pending[] batch;
        lock (_gate)
        {
            var count = Math.Min(_queue.Count, MaxBatch);
            batch = new Pending[count];
            _queue.CopyTo(0, batch, 0, count);
            _queue.RemoveRange(0, count);
        }

        if (batch.Length == 0)
        {
            return;
        }

        var recorded = new bool[batch.Length];
        try
        {
            if (batch.Length > 1)
            {
                session.BeginImmediate();
            }

            for (var i = 0; i < batch.Length; i++)
            {
                var command = session.Command(Insert).With("$id", batch[i].UpdateId).With("$at", batch[i].At);

                // the batch runs to the end even if this caller gives up: the other callers wait for its commit
                recorded[i] = await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
            }

            if (batch.Length > 1)
            {
                session.Commit();
            }
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                item.Result.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Result.TrySetResult(recorded[i]);
        }

    }

    private sealed class Pending(long updateId, long at)
    {
        public long UpdateId { get; } = updateId;

        public long At { get; } = at;

        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
