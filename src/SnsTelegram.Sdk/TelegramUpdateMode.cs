namespace SnsTelegram.Sdk;

/// <summary>How the bot receives its updates from Telegram.</summary>
public enum TelegramUpdateMode
{
    /// <summary>Telegram posts updates to the webhook endpoint; <c>setWebhook</c> is called on start when <see cref="SnsTelegramOptions.WebhookUrl"/> is set.</summary>
    Webhook,

    /// <summary>A hosted service fetches updates with <c>getUpdates</c> (long polling); the webhook is deleted on start.</summary>
    Polling,

    /// <summary>This process receives no updates (for example an API-only instance beside a worker).</summary>
    None,
}
