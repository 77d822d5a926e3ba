using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Packaging;

/// <summary>
/// A newcomer's first app: <c>dotnet new web</c>, the package references and the <c>Program.cs</c> pasted from the
/// README, against the packed packages; it must build, start against the emulator, link a user through its own
/// endpoints and deliver the notification of a published post.
/// </summary>
[Collection(PackedRelease.Collection)]
public sealed partial class NewAppTests(PackedRelease release) : IDisposable
{
    private const string Issuer = "new-app";
    private readonly string _work = Directory.CreateTempSubdirectory("snstelegram-newapp-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the app's last moments; the temp folder is cleaned by the system
        }
    }

    private static string ReadmeBlock(string marker)
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = Array.FindIndex(readme, l => l.Contains($"<!-- {marker} -->", StringComparison.Ordinal));
        start.ShouldBeGreaterThanOrEqualTo(0, $"README.md marks a block with <!-- {marker} -->");
        var open = Array.FindIndex(readme, start, l => l.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return string.Join('\n', readme[(open + 1)..close]) + "\n";
    }

    [Fact]
    public async Task The_README_builds_a_new_web_app_that_delivers_a_notification()
    {
        var app = Path.Combine(_work, "NewApp");
        await RepositoryRoot.RunAsync(_work, "dotnet", "new", "web", "-n", "NewApp", "-o", app, "--framework", "net10.0");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{release.Output}" />
              </packageSources>
            </configuration>
            """);

        // the README's package references, with the packed version for this project's own packages
        var references = ReadmeBlock("readme-packages");
        references.ShouldContain("Microsoft.AspNetCore.Authentication.JwtBearer\" Version=\"10.0.");
        references = OwnPackageVersion().Replace(references, m => m.Groups["head"].Value + release.Version + "\"");
        var project = Path.Combine(app, "NewApp.csproj");
        var csproj = await File.ReadAllTextAsync(project);
        await File.WriteAllTextAsync(project, csproj.Replace("</Project>", references + "</Project>", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ReadmeBlock("readme-example"));

        var build = await RepositoryRoot.RunAsync(app, "dotnet", "build", "-c", "Release", "-nologo", "-v", "q");
        build.ShouldContain("0 Warning(s)");

        await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotUsername = "new_app_bot" });
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(app, "bin", "Release", "net10.0", "NewApp.dll"));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["SnsTelegram__BotToken"] = telegram.BotToken;
        info.Environment["SnsTelegram__BotUsername"] = telegram.BotUsername;
        info.Environment["SnsTelegram__ApiBaseUrl"] = telegram.BaseUrl;
        info.Environment["SnsTelegram__UpdateMode"] = "Polling";
        info.Environment["ConnectionStrings__SnsTelegram"] = $"Data Source={Path.Combine(_work, "app.db")}";
        // AddJwtBearer() reads its settings from Authentication:Schemes:Bearer, as `dotnet user-jwts` writes them
        info.Environment["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer;
        info.Environment["Authentication__Schemes__Bearer__ValidAudiences__0"] = Issuer;
        info.Environment["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer;
        info.Environment["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(key);
        using var process = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(key, "alice"));
            HttpResponseMessage? linkAnswer = null;
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    process.HasExited.ShouldBeFalse($"the app stopped:\n{log}");
                    try
                    {
                        linkAnswer = await http.GetAsync("/api/telegram/link-account");
                        return true;
                    }
                    catch (HttpRequestException)
                    {
                        return false; // not listening yet
                    }
                },
                "the new app answers", TimeSpan.FromSeconds(60));
            linkAnswer!.StatusCode.ShouldBe(HttpStatusCode.OK, log.ToString());
            var link = await linkAnswer.Content.ReadFromJsonAsync<JsonElement>();

            var user = telegram.CreateUser("Alice", languageCode: "en", hasStartedBot: false);
            await user.PressStartAsync(link.GetProperty("token").GetString());
            (await user.WaitForMessageAsync(TimeSpan.FromSeconds(30))).Text.ShouldContain("linked", Case.Insensitive);

            var published = await http.PostAsync("/posts/p-1/published?userId=alice", null);
            (await published.Content.ReadAsStringAsync()).ShouldBe("\"Queued\"");
            var message = await user.WaitForMessageAsync(TimeSpan.FromSeconds(30));
            message.Text.ShouldContain("New summer collection");
            message.Text.ShouldContain("1,234");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string Token(byte[] key, string userId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Issuer,
        Subject = new ClaimsIdentity([new Claim("sub", userId)]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("(?<head>Include=\"SnsTelegram\\.Sdk[A-Za-z.]*\" Version=\")[^\"]+\"")]
    private static partial Regex OwnPackageVersion();
}
