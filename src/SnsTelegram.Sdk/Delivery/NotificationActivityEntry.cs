namespace SnsTelegram.Sdk.Delivery;

/// <summary>One notification as its user's activity log shows it.</summary>
/// <param name="Id">The outbox id.</param>
/// <param name="Type">The notification type.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="State">queued, failed (will retry), sent, edited (sent, then updated in the chat) or dead.</param>
/// <param name="SentAt">When it was delivered, or null.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="ReasonCode">The machine-readable reason of a failure, a dead letter or a wait, or null.</param>
/// <param name="Reason">The same in words, for a person, or null.</param>
internal sealed record NotificationActivityEntry(
    long Id,
    string Type,
    DateTimeOffset CreatedAt,
    string State,
    DateTimeOffset? SentAt,
    int Attempts,
    string? ReasonCode,
    string? Reason);
