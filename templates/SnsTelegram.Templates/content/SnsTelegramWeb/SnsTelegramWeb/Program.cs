using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Testing;

var builder = WebApplication.CreateBuilder(args);

// No bot token: the Telegram emulator runs in this process and the library talks to it (long polling).
TelegramEmulator? emulator = null;
if (string.IsNullOrWhiteSpace(builder.Configuration["SnsTelegram:BotToken"]))
{
    emulator = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotUsername = "snstelegramweb_bot" });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["SnsTelegram:BotToken"] = emulator.BotToken,
        ["SnsTelegram:BotUsername"] = emulator.BotUsername,
        ["SnsTelegram:ApiBaseUrl"] = emulator.BaseUrl,
        ["SnsTelegram:UpdateMode"] = "Polling",
    });
    builder.Services.AddSingleton(emulator); // stops with the app
}

// Sign-in: JWT bearer tokens, configured under Authentication:Schemes:Bearer (`dotnet user-jwts create` writes it).
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();

builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    .UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// link-account, verify-link, status, settings, send-test-message, unlink-account for signed-in users; the webhook
// stays anonymous and is guarded by Telegram's secret-token header.
app.MapTelegramEndpoints("/api/telegram").RequireAuthorization();

// Call the notifier wherever your app publishes a post; delivery happens in the background, through the outbox.
app.MapPost("/posts/{id}/published", async (string id, PublishedPost post, ISnsTelegramNotifier notifier) =>
{
    var result = await notifier.NotifyAsync(new PostPublished(post.UserId, SnsPlatform.Parse(post.Platform), post.Text, post.Url)
    {
        PostId = id,
    });
    return Results.Ok(new { status = result.Status.ToString() });
});

if (emulator is not null)
{
    app.Lifetime.ApplicationStarted.Register(() =>
        Console.WriteLine("Offline: Telegram is simulated in this process. Set SnsTelegram__BotToken and SnsTelegram__BotUsername to use a real bot."));
}

app.Run();

/// <summary>A post your app published.</summary>
public sealed record PublishedPost(string UserId, string Platform, string? Text, string? Url);

/// <summary>The entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
