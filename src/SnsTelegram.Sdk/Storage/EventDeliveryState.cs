namespace SnsTelegram.Sdk.Storage;

/// <summary>Where an event on its way to the app's webhook stands.</summary>
public enum EventDeliveryState
{
    /// <summary>Waiting to be posted (again), or leased by a sender.</summary>
    Pending = 0,

    /// <summary>The app's webhook answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Given up after the last attempt.</summary>
    DeadLettered = 2,
}
