namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Processed update ids in SQLite; the primary key makes the first insert win.</summary>
internal sealed class SqliteProcessedUpdateStore(SqliteDatabase database) : IProcessedUpdateStore
{
    public async ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES ($id, $at);")
            .With("$id", updateId)
            .With("$at", Sql.Ticks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("DELETE FROM processed_updates WHERE processed_at < $before;").With("$before", Sql.Ticks(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
