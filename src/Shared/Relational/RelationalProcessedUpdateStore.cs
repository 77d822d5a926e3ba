using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Processed update ids, kept updates and button actions in a relational database; INSERT ... ON CONFLICT DO NOTHING
/// makes the first insert of an update id or an action key win. A kept update's body (it holds chat ids, names and
/// text) is stored encrypted (<see cref="ChatIdKeys.ProtectText"/>), a button action's key (it holds a chat id) as its
/// keyed hash (<see cref="ChatIdKeys.HashText"/>).
/// </summary>
internal abstract class RelationalProcessedUpdateStore(RelationalDatabase database) : IProcessedUpdateStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(new RelationalCommand(_sql.MarkUpdateProcessed).Bigint("id", updateId).Instant("at", now), cancellationToken).ConfigureAwait(false) == 1;

    public async ValueTask<bool> UnmarkProcessedAsync(long updateId, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(new RelationalCommand(_sql.UnmarkUpdateProcessed).Bigint("id", updateId), cancellationToken).ConfigureAwait(false) == 1;

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeProcessedUpdates).Instant("before", before), cancellationToken);

    public async ValueTask AddUnreadableAsync(UnreadableUpdate update, CancellationToken cancellationToken = default)
    {
        StoreArguments.UnreadableUpdate(update);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        await database.WriteAsync(
            new RelationalCommand(_sql.InsertUnreadableUpdate)
                .Bigint("update", update.UpdateId)
                .Text("source", update.Source)
                .Text("reason", update.Reason)
                .Text("body", keys.ProtectText(update.Body))
                .Boolean("truncated", update.Truncated)
                .Instant("at", update.ReceivedAt),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<UnreadableUpdate>> GetUnreadableAsync(int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        var rows = await database.ReadAsync(new RelationalCommand(_sql.UnreadableUpdatesNewestFirst).Integer("limit", limit), StoredRows.ReadUnreadableUpdate, cancellationToken).ConfigureAwait(false);
        var updates = new UnreadableUpdate[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            updates[i] = rows[i] with { Body = await database.UnprotectTextAsync(rows[i].Body, cancellationToken).ConfigureAwait(false) };
        }

        return updates;
    }

    public ValueTask<int> PurgeUnreadableAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeUnreadableUpdates).Instant("before", before), cancellationToken);

    public async ValueTask<bool> TryMarkButtonActionAsync(string actionKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.ActionKey(actionKey);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        return await database.WriteAsync(new RelationalCommand(_sql.MarkButtonAction).Text("key", keys.HashText(actionKey)).Instant("at", now), cancellationToken).ConfigureAwait(false) == 1;
    }

    public ValueTask<int> PurgeButtonActionsAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeButtonActions).Instant("before", before), cancellationToken);
}
