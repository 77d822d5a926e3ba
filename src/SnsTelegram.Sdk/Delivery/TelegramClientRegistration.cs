using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace SnsTelegram.Sdk;

/// <summary>Registers <see cref="ITelegramBotClient"/> over <see cref="IHttpClientFactory"/> with token-safe logging.</summary>
internal static class TelegramClientRegistration
{
    /// <summary>The name of the HTTP client the bot client uses.</summary>
    public const string HttpClientName = "SnsTelegram.BotApi";

    public static IServiceCollection AddTelegramBotClient(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
                http.Timeout = options.Delivery.RequestTimeout + TimeSpan.FromSeconds(60);
            })
            .RemoveAllLoggers()
            .AddLogger(sp => new RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger("SnsTelegram.BotApi")), wrapHandlersPipeline: true)
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
                var clientOptions = new TelegramBotClientOptions(options.BotToken, options.ApiBaseUrl.TrimEnd('/'))
                {
                    // The dispatcher handles 429 itself (it slows the whole bot), so the client never sleeps on its own.
                    RetryCount = 0,
                };
                return new TelegramBotClient(clientOptions, http);
            });
        return services;
    }
}

/// <summary>Logs Bot API calls without the bot token that Telegram puts in every request path.</summary>
internal sealed class RedactingHttpClientLogger(ILogger logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        Log.BotApiRequestStart(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri));
        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        Log.BotApiRequestStop(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        Log.BotApiRequestFailed(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri), elapsed.TotalMilliseconds, exception.GetType().Name);
}

/// <summary>Removes bot tokens from addresses and texts before they reach a log, an exception or a response.</summary>
internal static partial class TokenRedactor
{
    public const string Mask = "<redacted>";

    /// <summary>The address with its <c>/bot&lt;token&gt;</c> path segment masked.</summary>
    public static string Redact(Uri? uri) => uri is null ? string.Empty : Redact(uri.GetLeftPart(UriPartial.Path));

    /// <summary>The text with anything shaped like a bot token masked.</summary>
    public static string Redact(string text) => TokenPattern().Replace(text, Mask);

    [System.Text.RegularExpressions.GeneratedRegex("[0-9]{1,20}:[A-Za-z0-9_-]{30,64}")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();
}
