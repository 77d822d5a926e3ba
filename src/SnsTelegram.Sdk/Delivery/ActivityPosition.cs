namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Where a page of a user's activity log starts: below an outbox id and below a note id (<see cref="Storage.INotificationNoteStore"/>);
/// null for either means from the newest. The log merges the two, so its cursor carries both.
/// </summary>
/// <param name="OutboxBefore">The outbox id the page's messages are below, or null.</param>
/// <param name="NoteBefore">The note id the page's muted and digested notifications are below, or null.</param>
internal readonly record struct ActivityPosition(long? OutboxBefore, long? NoteBefore);
