using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Digest windows in a relational database. An add holds the user's row lock and first touches the user's open window
/// (an UPDATE, which takes the window's row lock), then opens a window if none is open, keeps the event and counts the
/// window's events again. A close is a conditional UPDATE on the same row (open, and still holding the count the closer
/// rendered) followed, in the same transaction, by the digest's INSERT into the outbox, which runs only when this
/// close's token is on the window. So an add and a close take turns on the window's row: an add that came first makes
/// the close fail (the count changed), and an add that waited finds the window closed and opens a new one.
/// </summary>
internal abstract class RelationalDigestStore(RelationalDatabase database) : IDigestStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<DigestAddResult> AddAsync(DigestItem item, DateTimeOffset now, DateTimeOffset closesAt, bool hold, CancellationToken cancellationToken = default)
    {
        StoreArguments.DigestItem(item, now, closesAt);
        RelationalCommand Window(string sql) => new RelationalCommand(sql)
            .Text("user", item.UserId).Text("key", item.Key).Instant("now", now).Instant("closes", closesAt).Integer("hold", hold ? 1 : 0);
        var insert = new RelationalCommand(_sql.InsertDigestItem)
            .Text("key", item.Key)
            .Text("user", item.UserId)
            .Text("type", item.NotificationType)
            .Text("platform", item.Platform)
            .Text("title", item.Title)
            .Text("url", item.Url)
            .Boolean("failed", item.Failed)
            .Instant("created", item.CreatedAt)
            .Instant("now", now);
        var inserted = await database.WriteAsync(
            RowLock.OnUser("digest", item.UserId),
            [Window(_sql.TouchOpenDigestWindow), Window(_sql.OpenDigestWindow), insert, new RelationalCommand(_sql.CountDigestItems).Text("key", item.Key)],
            static r => r.GetInt64(0),
            cancellationToken).ConfigureAwait(false);
        if (inserted.Count == 1)
        {
            return new DigestAddResult(true, inserted[0]);
        }

        var existing = await database.ReadAsync(new RelationalCommand(_sql.DigestWindowOfItem).Text("key", item.Key), static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return existing.Count == 1
            ? new DigestAddResult(false, existing[0])
            : throw new InvalidOperationException("The digest event with this key was purged while it was being added again; retry.");
    }

    public async ValueTask<IReadOnlyList<DigestWindow>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        return await database.ReadAsync(
            new RelationalCommand(_sql.DueDigestWindows).Instant("now", now).Integer("limit", limit),
            WindowOf,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<DigestWindow>> ListOpenAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await database.ReadAsync(new RelationalCommand(_sql.OpenDigestWindowsOfUser).Text("user", userId), WindowOf, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<DigestItem>> GetItemsAsync(long windowId, CancellationToken cancellationToken = default) =>
        await database.ReadAsync(
            new RelationalCommand(_sql.DigestItemsOfWindow).Bigint("id", windowId),
            static r => new DigestItem
            {
                Key = r.GetString(0),
                UserId = r.GetString(1),
                NotificationType = r.GetString(2),
                Platform = StoredValues.NullableString(r, 3),
                Title = StoredValues.NullableString(r, 4),
                Url = StoredValues.NullableString(r, 5),
                Failed = r.GetBoolean(6),
                CreatedAt = StoredValues.Instant(r, 7),
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> CloseAsync(long windowId, int itemCount, OutboxMessage? digest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.DigestClose(itemCount, digest);
        var token = Guid.NewGuid().ToString("N");
        var commands = new List<RelationalCommand>(4)
        {
            new RelationalCommand(_sql.CloseDigestWindow).Bigint("id", windowId).Integer("count", itemCount).Instant("now", now).Text("token", token),
        };
        RowLock? rowLock = null;
        if (digest is not null)
        {
            var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
            commands.Add(RelationalOutboxStore.BindMessage(new RelationalCommand(_sql.InsertDigestMessage), digest, keys)
                .Bigint("id", windowId)
                .Text("token", token));
            if (_sql.NotifyEnqueued is { } notify)
            {
                commands.Add(new RelationalCommand(notify));
            }

            // the digest joins its chat's queue like any enqueue (a chat's rows commit in id order)
            rowLock = RowLock.OnChat("outbox-chat", digest.ChatId);
        }

        commands.Add(new RelationalCommand(_sql.ClosedByToken).Bigint("id", windowId).Text("token", token));
        var closed = await database.WriteAsync(rowLock, [.. commands], static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return closed.Count == 1;
    }

    public async ValueTask<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var rows = await database.ReadAsync(new RelationalCommand(_sql.DigestItemExists).Text("key", key), static r => r.GetInt32(0), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0;
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset closedBefore, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            null,
            [new RelationalCommand(_sql.PurgeDigestItems).Instant("before", closedBefore), new RelationalCommand(_sql.PurgeDigestWindows).Instant("before", closedBefore)],
            cancellationToken);

    private static DigestWindow WindowOf(System.Data.Common.DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), StoredValues.Instant(r, 2), StoredValues.Instant(r, 3), r.GetInt32(4), r.GetBoolean(5));
}
