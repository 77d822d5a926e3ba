using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The answer of <c>GET notifications</c>: a page, newest first, and the cursor of the next page (null on the last).</summary>
internal sealed record NotificationsResponse(
    [property: JsonPropertyName("notifications")] IReadOnlyList<NotificationWire> Notifications,
    [property: JsonPropertyName("next_before")] string? NextBefore);
