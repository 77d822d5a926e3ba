using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Hands out the Bot API client for one operation. <see cref="ITelegramBotClient"/> is registered transient over
/// <see cref="IHttpClientFactory"/> (<see cref="TelegramClientRegistration"/>), whose message handlers are pooled and
/// rotated; a long-lived component that kept one client would keep one handler, with its connections and DNS answers,
/// for the app's life. Long-lived components therefore ask here for every call (or every call sequence) instead.
/// </summary>
/// <remarks>
/// The client is resolved from the container rather than built here, so that a registration that replaces
/// <see cref="ITelegramBotClient"/> (a host's own client, a test's fake) is honoured everywhere.
/// </remarks>
internal sealed class TelegramBotClientFactory(IServiceProvider services)
{
    /// <summary>A client for one operation: the registered one, over a handler from the HTTP client factory's pool.</summary>
    public ITelegramBotClient Create() => services.GetRequiredService<ITelegramBotClient>();
}
