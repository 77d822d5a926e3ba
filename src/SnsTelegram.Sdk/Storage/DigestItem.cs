namespace SnsTelegram.Sdk.Storage;

/// <summary>One event kept in a digest window until the window closes.</summary>
public sealed record DigestItem
{
    /// <summary>The event's idempotency key (the key its own message would have had): an event is kept once.</summary>
    public required string Key { get; init; }

    /// <summary>The app's id of the user.</summary>
    public required string UserId { get; init; }

    /// <summary>The notification type (<see cref="NotificationTypes"/>).</summary>
    public required string NotificationType { get; init; }

    /// <summary>The platform's id (or a host's own platform name), or null.</summary>
    public string? Platform { get; init; }

    /// <summary>The post's preview or the rule's name, as given by the app (escaped when rendered), or null.</summary>
    public string? Title { get; init; }

    /// <summary>The post's URL, or null.</summary>
    public string? Url { get; init; }

    /// <summary>Whether the event is a failure (a failed post, or a failed automation run).</summary>
    public bool Failed { get; init; }

    /// <summary>When the event was recorded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
