namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Keeps the notifications that got no outbox message of their own (muted, digested) for the users' activity log. The
/// in-memory store is the default; the SQLite and PostgreSQL providers keep them in <c>notification_notes</c>. The rules
/// are in <c>NotificationNoteStoreConformance</c> (SnsTelegram.Sdk.Storage.Specification).
/// </summary>
public interface INotificationNoteStore
{
    /// <summary>Adds a note with a new id, larger than every id given before; false when a note of the same kind and key exists (nothing changes).</summary>
    /// <param name="note">The note (its <see cref="NotificationNote.Id"/> is ignored).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the note was added.</returns>
    ValueTask<bool> AddAsync(NotificationNote note, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> of <paramref name="userId"/>'s notes created at or after <paramref name="createdFrom"/>
    /// with ids below <paramref name="beforeId"/> (any id when null), newest (largest id) first.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="createdFrom">The oldest creation time listed.</param>
    /// <param name="beforeId">The page's upper bound (exclusive), or null for the newest.</param>
    /// <param name="limit">The most notes returned, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The notes, newest first.</returns>
    ValueTask<IReadOnlyList<NotificationNote>> QueryAsync(string userId, DateTimeOffset createdFrom, long? beforeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the notes created before <paramref name="createdBefore"/>.</summary>
    /// <param name="createdBefore">The retention's start.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were deleted.</returns>
    ValueTask<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default);
}
