using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

/// <summary><c>{"status":"success","message":"..."}</c>.</summary>
internal sealed record SuccessResponse([property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}
