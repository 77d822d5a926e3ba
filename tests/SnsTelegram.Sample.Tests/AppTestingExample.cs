using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sample.Tests;

// The example of docs/testing.md ("Testing your app"): the web sample stands for the reader's app.
// <app-test>
public sealed class NotificationTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"app-test-{Guid.NewGuid():N}.db");
    private TelegramEmulator _telegram = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotUsername = "my_app_bot" });
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // the four settings that point the library at the emulator
            web.UseSetting("SnsTelegram:BotToken", _telegram.BotToken);
            web.UseSetting("SnsTelegram:BotUsername", "my_app_bot");
            web.UseSetting("SnsTelegram:ApiBaseUrl", _telegram.BaseUrl);
            web.UseSetting("SnsTelegram:UpdateMode", "Polling"); // the emulator cannot call an in-memory server's webhook
            web.UseSetting("ConnectionStrings:SnsTelegram", $"Data Source={_database}");
        });
        _app.CreateClient(); // starts the app: its polling, dispatcher and jobs run against the emulator
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task A_linked_user_hears_about_a_published_post()
    {
        // sign in the way your app does (the sample issues development tokens at /dev/token)
        var client = _app.CreateClient();
        var signIn = await client.PostAsJsonAsync("/dev/token", new { user = "alice" });
        var jwt = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);

        // link: the app hands out a deep link, the user presses Start in Telegram
        var link = await client.GetFromJsonAsync<JsonElement>("/api/telegram/link-account");
        var telegramUser = _telegram.CreateUser("Alice", languageCode: "en", hasStartedBot: false);
        await telegramUser.PressStartAsync(link.GetProperty("token").GetString());
        (await telegramUser.WaitForMessageAsync(Timeout)).Text.ShouldContain("linked");

        // your app publishes a post and tells the library
        var notifier = _app.Services.GetRequiredService<ISnsTelegramNotifier>();
        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "Hello world", "https://example.com/p/1"));

        var message = await telegramUser.WaitForMessageAsync(Timeout);
        message.Text.ShouldContain("Hello world");
    }
}
// </app-test>
