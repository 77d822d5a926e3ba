using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SnsTelegram.Sdk.Linking;

namespace SnsTelegram.Sdk.Bot;

/// <summary><c>POST webhook</c>: Telegram's updates, guarded by the secret-token header instead of the app's authorization.</summary>
internal static class WebhookEndpoint
{
    public static async Task<Results<Ok, JsonHttpResult<ErrorResponse>>> HandleAsync(HttpContext http, WebhookProcessor processor)
    {
        var request = http.Request;
        var secret = request.Headers.TryGetValue(WebhookProcessor.SecretHeader, out var values) ? values.ToString() : null;
        var result = await processor.ProcessAsync(secret, request.Body, request.ContentLength, http.RequestAborted).ConfigureAwait(false);
        return result switch
        {
            WebhookResult.Accepted => TypedResults.Ok(),
            WebhookResult.Unauthorized => ErrorResponse.Result(StatusCodes.Status401Unauthorized, "Missing or wrong secret token."),
            WebhookResult.NotEnabled => ErrorResponse.Result(StatusCodes.Status404NotFound, "This app does not receive Telegram updates by webhook."),
            WebhookResult.TooLarge => ErrorResponse.Result(StatusCodes.Status413PayloadTooLarge, "The update is too large."),
            WebhookResult.RetryLater => RetryLater(http),
            _ => ErrorResponse.Result(StatusCodes.Status400BadRequest, "The body is not a Telegram update."),
        };
    }

    private static JsonHttpResult<ErrorResponse> RetryLater(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ((int)UpdateIntake.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return ErrorResponse.Result(StatusCodes.Status503ServiceUnavailable, "The update cannot be taken right now; deliver it again.");
    }
}
