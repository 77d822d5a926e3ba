using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegramWeb.Tests;

/// <summary>The app against the Telegram emulator: a user links Telegram and hears about a published post.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private const string Issuer = "snstelegramweb-tests";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly byte[] _signingKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"snstelegramweb-{Guid.NewGuid():N}.db");
    private TelegramEmulator _telegram = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotUsername = "snstelegramweb_test_bot" });
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("SnsTelegram:BotToken", _telegram.BotToken);
            web.UseSetting("SnsTelegram:BotUsername", _telegram.BotUsername);
            web.UseSetting("SnsTelegram:ApiBaseUrl", _telegram.BaseUrl);
            web.UseSetting("SnsTelegram:UpdateMode", "Polling");
            web.UseSetting("ConnectionStrings:SnsTelegram", $"Data Source={_database}");
            web.UseSetting("Authentication:Schemes:Bearer:ValidIssuer", Issuer);
            web.UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", Issuer);
            web.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer);
            web.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(_signingKey));
        });
        _app.CreateClient(); // starts the app
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
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("alice"));

        var link = await client.GetFromJsonAsync<JsonElement>("/api/telegram/link-account");
        var user = _telegram.CreateUser("Alice", languageCode: "en", hasStartedBot: false);
        await user.PressStartAsync(link.GetProperty("token").GetString());
        Assert.Contains("linked", (await user.WaitForMessageAsync(Timeout)).Text, StringComparison.OrdinalIgnoreCase);

        var published = await client.PostAsJsonAsync("/posts/p-1/published",
            new { userId = "alice", platform = "instagram", text = "Hello from my app", url = "https://example.com/p/1" });
        published.EnsureSuccessStatusCode();

        var message = await user.WaitForMessageAsync(Timeout);
        Assert.Contains("Hello from my app", message.Text, StringComparison.Ordinal);
    }

    private string Token(string userId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Issuer,
        Subject = new ClaimsIdentity([new Claim("sub", userId)]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_signingKey), SecurityAlgorithms.HmacSha256),
    });
}
