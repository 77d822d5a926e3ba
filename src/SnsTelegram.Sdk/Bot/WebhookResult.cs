namespace SnsTelegram.Sdk.Bot;

/// <summary>What the webhook answers.</summary>
internal enum WebhookResult
{
    /// <summary>Accepted (processed, ignored or a duplicate): 200.</summary>
    Accepted,

    /// <summary>Wrong or missing secret header: 401, nothing processed.</summary>
    Unauthorized,

    /// <summary>This instance does not receive updates by webhook: 404.</summary>
    NotEnabled,

    /// <summary>The body is larger than <see cref="WebhookProcessor.MaxBodyBytes"/>: 413.</summary>
    TooLarge,

    /// <summary>The body is not an update: 400.</summary>
    Malformed,
}
