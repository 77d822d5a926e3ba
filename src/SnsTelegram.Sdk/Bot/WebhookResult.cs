namespace SnsTelegram.Sdk.Bot;

/// <summary>What the webhook answers.</summary>
internal enum WebhookResult
{
    /// <summary>Accepted (processed, ignored, a duplicate, or kept because it could not be read or handled): 200.</summary>
    Accepted,

    /// <summary>Wrong or missing secret header: 401, nothing processed.</summary>
    Unauthorized,

    /// <summary>This instance does not receive updates by webhook: 404.</summary>
    NotEnabled,

    /// <summary>The body is larger than <see cref="WebhookProcessor.MaxBodyBytes"/>: 413.</summary>
    TooLarge,

    /// <summary>The body is not an update (not a JSON object with a numeric <c>update_id</c>): 400.</summary>
    Malformed,

    /// <summary>The update could not be taken now (the store failed): 503 with <c>Retry-After</c>, so Telegram delivers it again.</summary>
    RetryLater,
}
