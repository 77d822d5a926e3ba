#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Operations;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the operator's endpoints: the outbox, dead letters, the delivery pause, jobs and one user's view.</summary>
public static class TelegramAdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>GET outbox</c>; <c>GET dead-letters</c>, <c>POST dead-letters/{id}/resend</c>,
    /// <c>POST dead-letters/resend</c>, <c>DELETE dead-letters/{id}</c>, <c>POST dead-letters/discard</c>;
    /// <c>GET delivery</c>, <c>POST delivery/pause</c>, <c>POST delivery/resume</c>; <c>GET jobs</c>,
    /// <c>POST jobs/{id}/run</c>; <c>GET users/{id}</c>. Guard the result with your operators' policy, for example
    /// <c>.RequireAuthorization("admin")</c>: until it is guarded, every request is refused with 401, and nothing is ever
    /// served to an anonymous caller.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="prefix">The route prefix. Default: <c>/api/telegram/admin</c>.</param>
    /// <returns>The group builder, for authorization, rate limiting, tags and so on.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddSnsTelegram()</c> was not called.</exception>
    public static RouteGroupBuilder MapTelegramAdminEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/api/telegram/admin")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<SnsTelegramMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapTelegramAdminEndpoints needs the SnsTelegram services: call services.AddSnsTelegram() (for example builder.Services.AddSnsTelegram(builder.Configuration.GetSection(\"SnsTelegram\"))) before mapping the endpoints.");
        }

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(AdminGuard.FilterAsync);
        group.MapGet("/outbox", AdminEndpoints.OutboxAsync);
        group.MapGet("/dead-letters", AdminEndpoints.DeadLettersAsync);
        group.MapPost("/dead-letters/{id:long}/resend", AdminEndpoints.ResendOneAsync);
        group.MapPost("/dead-letters/resend", AdminEndpoints.ResendMatchingAsync);
        group.MapDelete("/dead-letters/{id:long}", AdminEndpoints.DiscardOneAsync);
        group.MapPost("/dead-letters/discard", AdminEndpoints.DiscardMatchingAsync);
        group.MapGet("/delivery", AdminEndpoints.DeliveryAsync);
        group.MapPost("/delivery/pause", AdminEndpoints.PauseAsync);
        group.MapPost("/delivery/resume", AdminEndpoints.ResumeAsync);
        group.MapGet("/jobs", AdminEndpoints.JobsAsync);
        group.MapPost("/jobs/{id}/run", AdminEndpoints.RunJobAsync);
        group.MapGet("/users/{id}", AdminEndpoints.UserAsync);
        return group;
    }
}
