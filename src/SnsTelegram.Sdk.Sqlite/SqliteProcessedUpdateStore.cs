using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// Processed update ids in SQLite; the primary key makes the first insert win. Inserts go through the database's
/// group commit, so a burst of webhook requests costs one commit instead of one per update.
/// </summary>
internal sealed class SqliteProcessedUpdateStore(SqliteDatabase database) : IProcessedUpdateStore
{
    private const string Insert = "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES ($id, $at);";

    public ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        return database.ChangesOneRowAsync(Insert, cancellationToken, ("$id", updateId), ("$at", StoredValues.Ticks(now)));
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("DELETE FROM processed_updates WHERE processed_at < $before;").With("$before", StoredValues.Ticks(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
