using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace SnsTelegram.Sdk.IntegrationTests.Fuzzing;

/// <summary>
/// Bounded fuzzing of the account endpoints' body handling through the real app (Kestrel, JWT, SQLite, the emulator):
/// random, mutated and broken bodies on every endpoint never get a 5xx, and every refusal is the error envelope.
/// </summary>
public sealed class EndpointBodyFuzzTests : IAsyncLifetime
{
    private static readonly string[] Names = ["code", "chat_id", "user_id", "language", "time_zone", "daily_report_time", "muted_types", "quiet_hours", "start", "end", "mode", "days", "urgent_bypass", "digest_minutes", "digest_types"];

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "verify-link"), ("PATCH", "settings"), ("GET", "status"), ("GET", "link-account"), ("POST", "send-test-message"), ("POST", "unlink-account"),
    ];

    private TelegramTestApp _app = null!;
    private int _next;

    public async Task InitializeAsync()
    {
        _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        await _app.LinkAsync("fuzz-linked", _app.CreateUser());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Random_and_mutated_bodies_never_get_a_5xx_on_any_account_endpoint()
    {
        var bodies = Gen.Frequency(
            (3, FuzzGen.JsonObject(Names, 2).Select(Encoding.UTF8.GetBytes)),
            (3, FuzzGen.Mutated(FuzzGen.JsonObject(Names, 2))),
            (1, FuzzGen.Mutated(Gen.OneOf("{\"code\":\"K7M29QXR\"}", "{\"language\":\"ko\",\"quiet_hours\":{\"start\":\"23:00\",\"end\":\"07:00\"}}", "{}"))),
            (1, Gen.Byte.Array[0, 48]));

        await Gen.Select(Gen.Int[0, Endpoints.Length - 1], bodies).SampleAsync(
            async sample =>
            {
                var (endpoint, body) = sample;
                var (method, path) = Endpoints[endpoint];

                // settings reach the parser only for a linked user; the others act for a fresh user each time, so a
                // link is never removed, no test message is sent and no limit is reached
                var userId = path == "settings" ? "fuzz-linked" : "fuzz-" + Interlocked.Increment(ref _next);
                using var request = new HttpRequestMessage(new HttpMethod(method), "/api/telegram/" + path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelegramTestApp.Jwt(userId));
                using var response = await _app.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();

                ((int)response.StatusCode).ShouldBeLessThan(500, $"{method} {path}: {text}");
                if (!response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(text);
                    json.RootElement.GetProperty("status").GetString().ShouldBe("error");
                    json.RootElement.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
                    text.ShouldNotContain("Exception");
                }
            },
            time: FuzzBudget.Seconds(12),
            threads: 1,
            print: t => $"{Endpoints[t.Item1]} {Convert.ToHexString(t.Item2)}");

        (await _app.GetAsync("status", "fuzz-linked")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
