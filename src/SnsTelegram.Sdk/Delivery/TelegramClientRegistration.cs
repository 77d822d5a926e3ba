using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Registers <see cref="ITelegramBotClient"/> (transient) over <see cref="IHttpClientFactory"/> with token-safe logging, and
/// the <see cref="TelegramBotClientFactory"/> through which long-lived components get one per operation.
/// </summary>
internal static class TelegramClientRegistration
{
    /// <summary>The name of the HTTP client the bot client uses.</summary>
    public const string HttpClientName = "SnsTelegram.BotApi";

    public static IServiceCollection AddTelegramBotClient(this IServiceCollection services)
    {
        services.TryAddSingleton<TelegramBotClientFactory>();
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
