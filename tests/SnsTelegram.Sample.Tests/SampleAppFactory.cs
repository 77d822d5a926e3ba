using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SnsTelegram.Sample.Tests;

/// <summary>The web sample in memory with a bot token (no demo), its background work off, on a temp SQLite file.</summary>
public class SampleAppFactory : WebApplicationFactory<Program>
{
    public const string FakeBotToken = "123456:TEST-sample-token-000000000000000000000000";

    private readonly SqliteTestFile _db = new(createDirectory: true);

    public string DatabasePath => _db.Path;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SnsTelegram:BotToken"] = FakeBotToken,
        ["SnsTelegram:BotUsername"] = "sample_test_bot",
        ["SnsTelegram:ApiBaseUrl"] = "http://127.0.0.1:9",
        ["SnsTelegram:UpdateMode"] = "None",
        ["SnsTelegram:Delivery:Enabled"] = "false",
        ["SnsTelegram:Scheduler:Enabled"] = "false",
        ["ConnectionStrings:SnsTelegram"] = _db.ConnectionString,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client signed in as <paramref name="user"/> through <c>POST /dev/token</c>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new { user });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _db.Dispose();
        }
    }
}
