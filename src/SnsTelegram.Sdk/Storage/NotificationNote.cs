namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// A notification that got no outbox message of its own, kept for its user's activity log (<c>GET notifications</c>):
/// muted by the user, or put into a digest window. It holds no chat id and no text. Purged like delivered messages,
/// after <see cref="DeliveryOptions.Retention"/>.
/// </summary>
public sealed record NotificationNote
{
    /// <summary>The store's id, increasing with each note added (ignored by <see cref="INotificationNoteStore.AddAsync"/>).</summary>
    public long Id { get; init; }

    /// <summary>The notification's idempotency key; a kind and key are noted once. At most <see cref="StoreArguments.MaxNoteKeyLength"/> characters.</summary>
    public required string Key { get; init; }

    /// <summary>The user the notification was for.</summary>
    public required string UserId { get; init; }

    /// <summary>The notification type (<see cref="NotificationTypes"/>).</summary>
    public required string NotificationType { get; init; }

    /// <summary>Muted or digested.</summary>
    public required NotificationNoteKind Kind { get; init; }

    /// <summary>When the notification was handed to the library.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>For <see cref="NotificationNoteKind.Digested"/>: the digest window it joined (<see cref="DigestAddResult.WindowId"/>); otherwise null.</summary>
    public long? DigestWindowId { get; init; }
}
