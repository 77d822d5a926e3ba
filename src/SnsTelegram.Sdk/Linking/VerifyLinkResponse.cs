using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The answer of <c>POST verify-link</c>.</summary>
internal sealed record VerifyLinkResponse(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("telegram_chat_id")] string TelegramChatId,
    [property: JsonPropertyName("linked_at")] string LinkedAt)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}
