using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Operations;

/// <summary>One of a user's recent deliveries in <c>GET users/{id}</c> (the same fields as the user's own activity log).</summary>
internal sealed record DeliveryWire(long? Id, string Type, string CreatedAt, string State, string? SentAt, int Attempts, string? ReasonCode, string? Reason, long? DigestMessageId)
{
    public static DeliveryWire From(NotificationActivityEntry entry) => new(
        entry.Id,
        entry.Type,
        WireFormat.Timestamp(entry.CreatedAt),
        entry.State,
        entry.SentAt is { } sent ? WireFormat.Timestamp(sent) : null,
        entry.Attempts,
        entry.ReasonCode,
        entry.Reason,
        entry.DigestMessageId);
}
