using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>One dead letter of <c>GET dead-letters</c>.</summary>
internal sealed record DeadLetterWire(
    long Id,
    string UserId,
    string Type,
    string Lane,
    string CreatedAt,
    string? DeadLetteredAt,
    int Attempts,
    string? ReasonCode,
    string? Error,
    bool IsEdit)
{
    public static DeadLetterWire From(OutboxMessage message) => new(
        message.Id,
        message.UserId,
        message.NotificationType,
        AdminNames.Lane(message.Lane),
        WireFormat.Timestamp(message.CreatedAt),
        message.CompletedAt is { } at ? WireFormat.Timestamp(at) : null,
        message.Attempts,
        NotificationActivity.ReasonCode(message.LastError),
        message.LastError,
        message.EditOf is not null);
}
