using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Docs;

public sealed class ReadmeExampleTests
{
    private static IReadOnlyList<string> CodeLines(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    [Fact]
    public void The_README_example_is_the_compiled_example()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = Array.FindIndex(readme, l => l.Contains("<!-- readme-example -->", StringComparison.Ordinal));
        start.ShouldBeGreaterThanOrEqualTo(0, "README.md marks its usage example with <!-- readme-example -->");
        var open = Array.FindIndex(readme, start, l => l.StartsWith("```csharp", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var fromReadme = CodeLines(readme[(open + 1)..close]);

        var source = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests", "SnsTelegram.Sdk.IntegrationTests", "Docs", "ReadmeExample.cs"));
        var s = Array.FindIndex(source, l => l.Contains("// readme:start", StringComparison.Ordinal));
        var e = Array.FindIndex(source, l => l.Contains("// readme:end", StringComparison.Ordinal));
        var compiled = CodeLines(source[(s + 1)..e]);

        fromReadme.ShouldBe(compiled);
        fromReadme.Count.ShouldBeLessThanOrEqualTo(25);
    }

    [Fact]
    public async Task The_README_example_delivers_a_notification_through_the_emulator()
    {
        await using var telegram = await TelegramEmulator.StartAsync();
        var db = Path.Combine(Path.GetTempPath(), $"snstelegram-readme-{Guid.NewGuid():N}.db");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SnsTelegram:BotToken"] = telegram.BotToken,
                ["SnsTelegram:BotUsername"] = telegram.BotUsername,
                ["SnsTelegram:ApiBaseUrl"] = telegram.BaseUrl,
                ["SnsTelegram:UpdateMode"] = "None",
                ["SnsTelegram:Delivery:PollInterval"] = "00:00:00.200",
                ["ConnectionStrings:SnsTelegram"] = $"Data Source={db}",
            });
            await using var app = ReadmeExample.Build(builder);
            await app.StartAsync();

            var user = telegram.CreateUser("Min", languageCode: "ko");
            await app.Services.GetRequiredService<IChatLinkStore>().LinkAsync(
                new ChatLink { UserId = "alice", ChatId = user.ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);

            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var response = await http.PostAsync("/posts/p-1/published?userId=alice", null);
            response.EnsureSuccessStatusCode();
            (await response.Content.ReadAsStringAsync()).ShouldBe("\"Queued\"");

            var message = await telegram.WaitForMessageAsync(user.ChatId, TimeSpan.FromSeconds(60));
            message.Text.ShouldContain("SNS 게시 완료");
            message.Text.ShouldContain("1,234");
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
