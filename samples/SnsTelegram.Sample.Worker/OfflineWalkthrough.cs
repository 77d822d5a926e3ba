using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sample.Worker;

/// <summary>
/// The worker's offline demo: with no bot token configured, the Telegram Bot API emulator runs in this process and a
/// short walkthrough shows the worker's three roles: a demo user's post is published by <c>sns_auto_post</c> (the
/// scheduler), its notification goes out through the outbox (the dispatcher), and the user's <c>/status</c> is answered
/// (long polling). The web half links accounts by deep link; here the demo user is linked directly in the store.
/// </summary>
public sealed class OfflineWalkthrough(
    TelegramEmulator telegram,
    IChatLinkStore links,
    SnsRepository posts,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    /// <summary>The app's id of the demo user.</summary>
    public const string DemoUserId = "demo-user";

    /// <summary>The line printed when the walkthrough saw every step work.</summary>
    public const string SuccessLine = "OFFLINE DEMO OK";

    /// <summary>Starts the emulator and adds the settings that point the library at it (before the host is built).</summary>
    public static async Task<TelegramEmulator> StartEmulatorAsync(IConfigurationManager configuration)
    {
        var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotUsername = "sns_demo_bot", BotFirstName = "SNS Demo Bot" });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["SnsTelegram:BotToken"] = telegram.BotToken,
            ["SnsTelegram:BotUsername"] = telegram.BotUsername,
            ["SnsTelegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["SnsTelegram:UpdateMode"] = "Polling",
        };
        if (string.IsNullOrWhiteSpace(configuration["Sample:AutoPostIntervalSeconds"]) || configuration["Sample:AutoPostIntervalSeconds"] == "300")
        {
            values["Sample:AutoPostIntervalSeconds"] = "5"; // the walkthrough shows a notification within seconds
        }

        // the emulator's chats live only as long as this process, so the demo's links do too: a fresh file per run (for
        // the mini SNS scheduler's tables only, when the library's are in PostgreSQL)
        var directory = Path.Combine(Path.GetTempPath(), "snstelegram-demo");
        Directory.CreateDirectory(directory);
        var file = $"Data Source={Path.Combine(directory, $"worker-{Environment.ProcessId}-{Guid.NewGuid():N}.db")}";
        var key = SampleConfiguration.UsesPostgreSql(configuration) ? "Sample:ConnectionString" : "ConnectionStrings:SnsTelegram";
        if (string.IsNullOrWhiteSpace(configuration[key]))
        {
            values[key] = file;
        }

        configuration.AddInMemoryCollection(values);
        return telegram;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Sample:WalkthroughTimeoutSeconds", 60));
        var exitWhenDone = configuration.GetValue("Sample:ExitAfterFirstDelivery", false);
        try
        {
            await WalkAsync(timeout, stoppingToken);
            Console.WriteLine(SuccessLine);
            if (exitWhenDone)
            {
                lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the worker is stopping
        }
        catch (TimeoutException ex)
        {
            Console.Error.WriteLine($"Offline demo: {ex.Message}");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task WalkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Step("1/3", "A demo Telegram user opens the bot and is linked to the app's user 'demo-user'.");
        var user = telegram.CreateUser("Mina", username: "mina_demo", languageCode: "en", hasStartedBot: false);
        await user.PressStartAsync(cancellationToken: cancellationToken);
        await telegram.WaitForMessageAsync(user.Id, timeout, cancellationToken); // the bot's greeting, through long polling
        await links.LinkAsync(new ChatLink { UserId = DemoUserId, ChatId = user.Id, Language = "en", LinkedAt = time.GetUtcNow() }, exclusiveChat: true, cancellationToken);

        Step("2/3", "The demo user schedules a post for now; sns_auto_post publishes it and the outbox notifies them.");
        var now = time.GetUtcNow();
        await posts.CreatePostAsync(DemoUserId, "instagram", "Hello from the offline worker demo", now, now, cancellationToken);
        var notification = await telegram.WaitForMessageAsync(user.Id, timeout, cancellationToken);
        Console.WriteLine("      Telegram received: " + notification.Text.ReplaceLineEndings(" | "));

        Step("3/3", "The user sends /status; the bot answers through long polling.");
        await user.SendTextAsync("/status", cancellationToken);
        var status = await telegram.WaitForMessageAsync(user.Id, timeout, cancellationToken);
        Console.WriteLine("      Telegram received: " + status.Text.ReplaceLineEndings(" | "));
    }

    private static void Step(string step, string text) => Console.WriteLine($"[offline demo {step}] {text}");
}
