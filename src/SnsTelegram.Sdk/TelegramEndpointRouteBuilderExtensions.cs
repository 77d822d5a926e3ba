#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Linking;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Telegram account endpoints and the bot's webhook.</summary>
public static class TelegramEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>GET link-account</c>, <c>POST verify-link</c>, <c>GET status</c>, <c>GET notifications</c>,
    /// <c>PATCH settings</c>, <c>POST send-test-message</c>, <c>POST unlink-account</c> and <c>POST webhook</c>.
    /// Chain <c>.RequireAuthorization()</c> on the result; the webhook stays anonymous and is guarded by the
    /// <c>X-Telegram-Bot-Api-Secret-Token</c> header instead.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="prefix">The route prefix. Default: <c>/api/telegram</c>.</param>
    /// <returns>The group builder, for authorization, rate limiting, tags and so on.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddSnsTelegram()</c> was not called.</exception>
    public static RouteGroupBuilder MapTelegramEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/api/telegram")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<SnsTelegramMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapTelegramEndpoints needs the SnsTelegram services: call services.AddSnsTelegram() (for example builder.Services.AddSnsTelegram(builder.Configuration.GetSection(\"SnsTelegram\"))) before mapping the endpoints.");
        }

        var group = endpoints.MapGroup(prefix);
        group.MapGet("/link-account", TelegramEndpoints.LinkAccountAsync);
        group.MapPost("/verify-link", TelegramEndpoints.VerifyLinkAsync);
        group.MapGet("/status", TelegramEndpoints.StatusAsync);
        group.MapGet("/notifications", TelegramEndpoints.NotificationsAsync);
        group.MapPatch("/settings", TelegramEndpoints.UpdateSettingsAsync);
        group.MapPost("/send-test-message", TelegramEndpoints.SendTestMessageAsync);
        group.MapPost("/unlink-account", TelegramEndpoints.UnlinkAsync);
        group.MapPost("/webhook", WebhookEndpoint.HandleAsync).AllowAnonymous().ExcludeFromDescription();
        return group;
    }
}
