using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The error envelope of every endpoint: <c>{"status":"error","message":"..."}</c>.</summary>
internal sealed record ErrorResponse([property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "error";

    /// <summary>The envelope as a JSON result with <paramref name="statusCode"/>.</summary>
    public static JsonHttpResult<ErrorResponse> Result(int statusCode, string message) =>
        TypedResults.Json(new ErrorResponse(message), TelegramWireContext.Default.ErrorResponse, statusCode: statusCode);
}
