namespace SnsTelegram.Sdk;

/// <summary>Something the app tells a user about on Telegram.</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
public abstract record SnsNotification(string UserId)
{
    /// <summary>The type name (<see cref="NotificationTypes"/>).</summary>
    public abstract string Type { get; }

    /// <summary>
    /// A key that makes enqueueing idempotent: a second notification with the same key is not sent again.
    /// When null, the library derives one where the notification identifies itself (a post id, a report date) and otherwise makes a unique one.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
