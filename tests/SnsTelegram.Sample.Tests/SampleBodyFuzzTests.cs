using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace SnsTelegram.Sample.Tests;

/// <summary>Bounded fuzzing of the sample's own endpoints through the in-memory server: random, mutated and broken bodies never get a 5xx.</summary>
public sealed class SampleBodyFuzzTests(SampleAppFactory factory) : IClassFixture<SampleAppFactory>
{
    private static readonly string[] Names = ["platform", "text", "scheduled_at", "name", "platforms", "cron", "time_zone", "likes", "views", "user", "user_id"];

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "/api/posts"), ("POST", "/api/automations"), ("GET", "/api/posts"), ("GET", "/api/automations"), ("POST", "/api/posts/1/metrics"), ("POST", "/dev/token"),
    ];

    [Fact]
    public async Task Random_and_mutated_bodies_never_get_a_5xx()
    {
        var client = await factory.SignedInClientAsync("fuzz-sample");
        var bodies = Gen.Frequency(
            (3, FuzzGen.JsonObject(Names, 2).Select(Encoding.UTF8.GetBytes)),
            (3, FuzzGen.Mutated(FuzzGen.JsonObject(Names, 2))),
            (2, FuzzGen.Mutated(Gen.OneOf(
                "{\"platform\":\"instagram\",\"text\":\"Spring sale\",\"scheduled_at\":\"2026-03-01T09:00:00Z\"}",
                "{\"name\":\"Morning\",\"platforms\":[\"instagram\",\"x\"],\"cron\":\"0 9 * * *\",\"time_zone\":\"Asia/Seoul\"}",
                "{\"likes\":5,\"views\":99999999999999999999}"))),
            (1, Gen.Byte.Array[0, 48]));

        await Gen.Select(Gen.Int[0, Endpoints.Length - 1], bodies).SampleAsync(
            async sample =>
            {
                var (endpoint, body) = sample;
                var (method, path) = Endpoints[endpoint];
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();

                ((int)response.StatusCode).ShouldBeLessThan(500, $"{method} {path}: {text}");
                if (!response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(text);
                    json.RootElement.GetProperty("status").GetString().ShouldBe("error");
                    text.ShouldNotContain("Exception");
                }
            },
            time: FuzzBudget.Seconds(8),
            threads: 1,
            print: t => $"{Endpoints[t.Item1]} {Convert.ToHexString(t.Item2)}");
    }
}
