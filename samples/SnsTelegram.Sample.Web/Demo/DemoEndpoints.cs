using Microsoft.Extensions.Options;
using QRCoder;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>Whether this process runs the offline demo (the Telegram emulator in-process) or talks to real Telegram.</summary>
/// <param name="Offline">True when the emulator stands in for Telegram.</param>
public sealed record DemoMode(bool Offline);

/// <summary>The demo page's helper endpoints under <c>/demo</c>.</summary>
public static class DemoEndpoints
{
    /// <summary>The longest text a QR code is made for.</summary>
    public const int MaxQrText = 512;

    /// <summary>Maps <c>GET /demo/config</c> and <c>GET /demo/qr</c> (both anonymous) and <c>POST /demo/report-now</c>.</summary>
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        var demo = app.MapGroup("/demo").WithTags("Demo");
        demo.MapGet("/config", (DemoMode mode, IOptions<SnsTelegramOptions> telegram, IOptions<SampleOptions> sample, IHostEnvironment environment) =>
            SampleJson.Ok(new
            {
                mode = mode.Offline ? "offline" : "telegram",
                bot_username = telegram.Value.BotUsername,
                dev_token = environment.IsDevelopment(),
                run_now = mode.Offline,
                auto_post_interval_seconds = sample.Value.AutoPostIntervalSeconds,
                platforms = SnsPlatform.KnownIds.Select(SnsPlatform.Parse).Select(p => new { id = p.Id, name = p.DisplayName, emoji = p.Emoji }),
            })).AllowAnonymous();

        demo.MapGet("/qr", (string? text) =>
        {
            if (string.IsNullOrEmpty(text) || text.Length > MaxQrText
                || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, $"text must be an http(s) address of at most {MaxQrText} characters.");
            }

            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(296, 296), "#1c2430", "#ffffff", drawQuietZones: true);
            return Results.Text(svg, "image/svg+xml");
        }).AllowAnonymous();

        // The daily report covers yesterday and goes out at the user's report time; this sends the report of today so
        // far at once (a preview), so a fresh demo can show one. It goes through the same notifier as the real report.
        demo.MapPost("/report-now", async (HttpContext http, IPostActivitySource activity, IChatLinkStore links, ISnsTelegramNotifier notifier, TimeProvider time, IOptions<SnsTelegramOptions> telegram, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var link = await links.GetAsync(userId, cancellationToken);
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(link?.TimeZone ?? telegram.Value.DefaultTimeZone ?? "UTC", out var z) ? z : TimeZoneInfo.Utc;
            var now = time.GetUtcNow();
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var today = DateOnly.FromDateTime(local.DateTime);
            var from = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
            var platforms = new Dictionary<SnsPlatform, PlatformSummary>();
            await foreach (var post in activity.GetActivityAsync([userId], from, now, cancellationToken))
            {
                var s = platforms.GetValueOrDefault(post.Platform) ?? new PlatformSummary(post.Platform, 0, 0, 0);
                var ok = post.Outcome == PostOutcome.Succeeded;
                platforms[post.Platform] = s with
                {
                    Posts = s.Posts + 1,
                    Succeeded = s.Succeeded + (ok ? 1 : 0),
                    Failed = s.Failed + (ok ? 0 : 1),
                    Likes = s.Likes + (ok ? post.Likes : 0),
                    Comments = s.Comments + (ok ? post.Comments : 0),
                    Shares = s.Shares + (ok ? post.Shares : 0),
                    Views = s.Views + (ok ? post.Views : 0),
                };
            }

            var list = platforms.Values.OrderByDescending(p => p.Posts).ToList();
            var report = new DailySummary(userId, today, list.Sum(p => p.Posts), list.Sum(p => p.Succeeded), list.Sum(p => p.Failed), list.Sum(p => p.Engagement), list)
            {
                IdempotencyKey = $"daily_summary_preview:{userId}:{Guid.NewGuid():N}", // each press is a report of its own
            };
            var result = await notifier.NotifyAsync(report, cancellationToken);
            return SampleJson.Ok(new { status = "success", telegram = result.Status.ToString(), date = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), posts = report.TotalPosts });
        });
        return app;
    }
}
