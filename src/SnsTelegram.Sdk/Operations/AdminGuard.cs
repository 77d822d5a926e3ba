using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// The admin endpoints' last line of defence: a request is served only when the app guarded the endpoint (an
/// authorization requirement such as <c>.RequireAuthorization("admin")</c>, or a fallback policy) and the caller is
/// signed in. The app's authorization middleware applies the policy itself; this filter refuses (401) what an app that
/// forgot to guard the endpoints would otherwise serve to anyone.
/// </summary>
internal static class AdminGuard
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        var guarded = metadata is not null
            && metadata.GetMetadata<IAllowAnonymous>() is null
            && (metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                || metadata.GetOrderedMetadata<AuthorizationPolicy>().Count > 0
                || http.RequestServices.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null);
        if (!guarded)
        {
            Log.AdminNotGuarded(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminGuard)));
            return AdminError.Result(StatusCodes.Status401Unauthorized, "The admin endpoints are not guarded by an authorization policy.");
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            return AdminError.Result(StatusCodes.Status401Unauthorized, "Sign in as an operator.");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The operator's name for the log: the identity's name, else its <c>sub</c> or name identifier claim.</summary>
    public static string Operator(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name
        : user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "(unnamed operator)";
}
