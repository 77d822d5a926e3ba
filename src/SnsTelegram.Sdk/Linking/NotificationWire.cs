using System.Text.Json.Serialization;
using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Linking;

/// <summary>One notification of <c>GET notifications</c>.</summary>
internal sealed record NotificationWire
{
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("created_at")]
    public required string CreatedAt { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("sent_at")]
    public string? SentAt { get; init; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("reason_code")]
    public string? ReasonCode { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("digest_message_id")]
    public long? DigestMessageId { get; init; }

    public static NotificationWire From(NotificationActivityEntry entry) => new()
    {
        Id = entry.Id,
        Type = entry.Type,
        CreatedAt = WireFormat.Timestamp(entry.CreatedAt),
        State = entry.State,
        SentAt = entry.SentAt is { } sent ? WireFormat.Timestamp(sent) : null,
        Attempts = entry.Attempts,
        ReasonCode = entry.ReasonCode,
        Reason = entry.Reason,
        DigestMessageId = entry.DigestMessageId,
    };
}
