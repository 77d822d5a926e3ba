namespace SnsTelegram.Sdk.Delivery;

/// <summary>The lane of each kind of message: <see cref="DeliveryOptions.Lanes"/> over the defaults.</summary>
internal static class DeliveryLanes
{
    /// <summary>The lane of a new message of <paramref name="notificationType"/>.</summary>
    public static DeliveryLane Of(string notificationType, DeliveryOptions options) =>
        options.Lanes.TryGetValue(notificationType, out var lane) ? lane : Default(notificationType);

    /// <summary>
    /// The default lane: urgent for a failed post and a test message (someone is waiting for them), bulk for the daily
    /// report (a fan-out to every user at once), normal for the rest.
    /// </summary>
    public static DeliveryLane Default(string notificationType) => notificationType switch
    {
        NotificationTypes.PostFailure or NotificationTypes.Test => DeliveryLane.Urgent,
        NotificationTypes.DailySummary => DeliveryLane.Bulk,
        _ => DeliveryLane.Normal,
    };

    /// <summary>The lane's name in telemetry: <c>urgent</c>, <c>normal</c> or <c>bulk</c>.</summary>
    public static string Name(DeliveryLane lane) => lane switch
    {
        DeliveryLane.Urgent => "urgent",
        DeliveryLane.Bulk => "bulk",
        _ => "normal",
    };
}
