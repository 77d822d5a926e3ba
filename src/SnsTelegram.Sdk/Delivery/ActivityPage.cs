namespace SnsTelegram.Sdk.Delivery;

/// <summary>A page of a user's activity log, newest first, and where the next page starts (null after the last).</summary>
/// <param name="Entries">The notifications.</param>
/// <param name="Next">The next page's position, or null.</param>
internal sealed record ActivityPage(IReadOnlyList<NotificationActivityEntry> Entries, ActivityPosition? Next);
