namespace SnsTelegram.Sdk.Delivery;

/// <summary>Whether a notification may go to its user (<see cref="SendPipeline.CheckLinkAsync"/>).</summary>
internal enum LinkCheckStatus
{
    /// <summary>Linked, turned on and not muted for this type.</summary>
    Allowed,

    /// <summary>The user has no link.</summary>
    NotLinked,

    /// <summary>The user's link is turned off.</summary>
    Disabled,

    /// <summary>The user muted this notification type (a test message never is).</summary>
    Muted,
}
