using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// The activity log's notes in a relational database (<c>notification_notes</c>): <c>INSERT ... ON CONFLICT (kind,
/// note_key) DO NOTHING</c> keeps a kind and key once; a user's page is read over <c>ix_notification_notes_user (user_id, id)</c>.
/// </summary>
internal abstract class RelationalNotificationNoteStore(RelationalDatabase database) : INotificationNoteStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<bool> AddAsync(NotificationNote note, CancellationToken cancellationToken = default)
    {
        StoreArguments.NotificationNote(note);
        var insert = new RelationalCommand(_sql.InsertNote)
            .Text("key", note.Key)
            .Integer("kind", note.Kind == NotificationNoteKind.Digested ? 1 : 0)
            .Text("user", note.UserId)
            .Text("type", note.NotificationType)
            .Instant("created", note.CreatedAt)
            .Bigint("window", note.DigestWindowId);
        return await database.WriteAsync(insert, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<IReadOnlyList<NotificationNote>> QueryAsync(string userId, DateTimeOffset createdFrom, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        StoreArguments.Limit(limit);
        var query = new RelationalCommand(_sql.QueryUserNotes)
            .Text("user", userId)
            .Instant("from", createdFrom)
            .Bigint("beforeId", beforeId)
            .Integer("limit", limit);
        return await database.ReadAsync(query, StoredRows.ReadNotificationNote, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeNotes).Instant("before", createdBefore), cancellationToken);
}
