using Microsoft.Extensions.Options;
using QRCoder;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>Whether this process runs the offline demo (the Telegram emulator in-process) or talks to real Telegram.</summary>
/// <param name="Offline">True when the emulator stands in for Telegram.</param>
public sealed record DemoMode(bool Offline);

/// <summary>The demo page's helper endpoints under <c>/demo</c>.</summary>
public static class DemoEndpoints
{
    /// <summary>The longest text a QR code is made for.</summary>
    public const int MaxQrText = 512;

    /// <summary>Maps <c>GET /demo/config</c> and <c>GET /demo/qr</c> (both anonymous).</summary>
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
        return app;
    }
}
