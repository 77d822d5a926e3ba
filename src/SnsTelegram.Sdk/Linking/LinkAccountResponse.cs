using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The answer of <c>GET link-account</c>.</summary>
internal sealed record LinkAccountResponse(
    [property: JsonPropertyName("linking_url")] string LinkingUrl,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("bot_username")] string BotUsername,
    [property: JsonPropertyName("expires_at")] string ExpiresAt)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}
