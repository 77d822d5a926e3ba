using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>
/// The demo page's view of the signed-in user's digests: what is being collected (a digest window, or quiet hours in
/// hold mode), and "close my digest now", which delivers it at once through the library's
/// <see cref="ISnsTelegramDigests.CloseNowAsync"/> instead of waiting for the window's close time.
/// </summary>
public static class DemoDigestEndpoints
{
    /// <summary>Maps <c>GET /demo/digest</c> and <c>POST /demo/digest/close-now</c> (both for a signed-in user).</summary>
    public static IEndpointRouteBuilder MapDemoDigestEndpoints(this IEndpointRouteBuilder app)
    {
        var demo = app.MapGroup("/demo/digest").WithTags("Demo");
        demo.MapGet("", async (HttpContext http, ISnsTelegramDigests digests, IDigestStore store, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var windows = new List<object>();
            foreach (var window in await digests.GetOpenAsync(userId, cancellationToken))
            {
                var items = await store.GetItemsAsync(window.Id, cancellationToken);
                windows.Add(new
                {
                    id = window.Id,
                    opened_at = window.OpenedAt,
                    closes_at = window.ClosesAt,
                    events = window.ItemCount,
                    held = window.Held,
                    items = items.Select(i => new { type = i.NotificationType, platform = i.Platform, title = i.Title, failed = i.Failed }),
                });
            }

            return SampleJson.Ok(new { windows });
        });

        demo.MapPost("/close-now", async (HttpContext http, ISnsTelegramDigests digests, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var closed = await digests.CloseNowAsync(userId, cancellationToken);
            return SampleJson.Ok(new { status = "success", closed });
        });
        return app;
    }
}
