namespace SnsTelegram.Sdk;

/// <summary>Delivery events (<c>SnsTelegram:Events</c>): what they carry, and the app's webhook that receives them.</summary>
public sealed class EventsOptions
{
    /// <summary>
    /// Whether events carry the chat id and, for message events, the message text. Off by default: events name the
    /// user, the notification type, the idempotency key and the outbox id only.
    /// </summary>
    public bool IncludeContent { get; set; }

    /// <summary>The app's webhook (<c>SnsTelegram:Events:Webhook</c>); off while its <c>Url</c> is not set.</summary>
    public EventWebhookOptions Webhook { get; set; } = new();
}
