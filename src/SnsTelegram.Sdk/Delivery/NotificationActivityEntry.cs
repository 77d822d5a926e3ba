namespace SnsTelegram.Sdk.Delivery;

/// <summary>One notification as its user's activity log shows it.</summary>
/// <param name="Id">The outbox id; null for a muted or digested notification, which has no message of its own.</param>
/// <param name="Type">The notification type.</param>
/// <param name="CreatedAt">When it was queued (or muted, or digested).</param>
/// <param name="State">queued, failed (will retry), sent, edited (sent, then updated in the chat), dead, muted or digested.</param>
/// <param name="SentAt">When it was delivered (a digested one: when its digest was), or null.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="ReasonCode">The machine-readable reason of a failure, a dead letter, a wait, a mute or a digest, or null.</param>
/// <param name="Reason">The same in words, for a person, or null.</param>
internal sealed record NotificationActivityEntry(
    long? Id,
    string Type,
    DateTimeOffset CreatedAt,
    string State,
    DateTimeOffset? SentAt,
    int Attempts,
    string? ReasonCode,
    string? Reason)
{
    /// <summary>For a digested notification: the outbox id of the digest message it went out in, or null while its window is open.</summary>
    public long? DigestMessageId { get; init; }
}
