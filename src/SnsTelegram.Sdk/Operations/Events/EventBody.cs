using System.Text;
using System.Text.Json;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// The JSON an event is posted as, in the Standard Webhooks shape: <c>{"type":..., "timestamp":..., "data":{...}}</c>,
/// snake_case, fields without a value left out.
/// </summary>
internal static class EventBody
{
    public static string Write(SnsTelegramEvent e)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("type", e.Type);
            json.WriteString("timestamp", e.OccurredAt.ToUniversalTime());
            json.WriteStartObject("data");
            json.WriteString("user_id", e.UserId);
            Optional(json, "notification_type", e.NotificationType);
            Optional(json, "idempotency_key", e.IdempotencyKey);
            Optional(json, "outbox_id", e.OutboxId);
            Optional(json, "attempt_count", e.AttemptCount);
            Optional(json, "reason", e.Reason);
            Optional(json, "queued_at", e.QueuedAt);
            Optional(json, "next_attempt_at", e.NextAttemptAt);
            Optional(json, "chat_id", e.ChatId);
            Optional(json, "previous_chat_id", e.PreviousChatId);
            Optional(json, "text", e.Text);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.ToUniversalTime());
        }
    }
}
