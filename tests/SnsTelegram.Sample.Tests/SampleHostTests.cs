using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sample.Tests;

/// <summary>The library's endpoints as the sample maps them, and the demo's helper endpoints.</summary>
public sealed class SampleHostTests(SampleAppFactory factory) : IClassFixture<SampleAppFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task The_telegram_endpoints_require_the_sample_jwt_and_read_the_sub_claim()
    {
        var anonymous = factory.CreateClient();
        (await anonymous.GetAsync("/api/telegram/status")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var alice = await factory.SignedInClientAsync("alice-telegram");
        using var link = await alice.GetAsync("/api/telegram/link-account");
        link.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(link);
        body.GetProperty("bot_username").GetString().ShouldBe("sample_test_bot");
        body.GetProperty("linking_url").GetString().ShouldStartWith("https://t.me/sample_test_bot?start=");

        using var status = await alice.GetAsync("/api/telegram/status");
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(status)).GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task The_admin_endpoints_are_for_operators_only()
    {
        (await factory.CreateClient().GetAsync("/api/telegram/admin/outbox")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var user = await factory.SignedInClientAsync("not-an-operator");
        (await user.GetAsync("/api/telegram/admin/outbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.PostAsync("/api/telegram/admin/delivery/pause", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_dev_token_asked_for_an_operator_opens_the_admin_api_and_one_without_does_not()
    {
        async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(string json)
        {
            using var response = await factory.CreateClient().PostAsync("/dev/token", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
            return (response.StatusCode, await JsonAsync(response));
        }

        async Task<HttpStatusCode> OutboxAsync(JsonElement token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/telegram/admin/outbox");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
            using var response = await factory.CreateClient().SendAsync(request);
            return response.StatusCode;
        }

        var (status, operatorToken) = await TokenAsync("""{"user":"ops-olga","operator":true}""");
        status.ShouldBe(HttpStatusCode.OK);
        operatorToken.GetProperty("operator").GetBoolean().ShouldBeTrue();
        (await OutboxAsync(operatorToken)).ShouldBe(HttpStatusCode.OK);

        var (_, plain) = await TokenAsync("""{"user":"ops-olga"}""");
        plain.GetProperty("operator").GetBoolean().ShouldBeFalse();
        (await OutboxAsync(plain)).ShouldBe(HttpStatusCode.Forbidden);
        var (_, refused) = await TokenAsync("""{"user":"ops-olga","operator":false}""");
        (await OutboxAsync(refused)).ShouldBe(HttpStatusCode.Forbidden);

        var (bad, error) = await TokenAsync("""{"user":"ops-olga","operator":"yes"}""");
        bad.ShouldBe(HttpStatusCode.BadRequest);
        error.GetProperty("message").GetString().ShouldBe("operator must be true or false.");
    }

    [Fact]
    public async Task The_webhook_stays_anonymous_but_refuses_a_request_without_the_secret()
    {
        var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsync("/api/telegram/webhook", new StringContent("{\"update_id\":1}", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("bearer token"); // refused by the secret check, not by JWT
    }

    [Fact]
    public async Task The_health_endpoint_reports_the_scheduler_and_delivery_checks()
    {
        using var response = await factory.CreateClient().GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
        var checks = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;
        checks.Select(c => c.Name).ShouldBe(["snstelegram_scheduler", "snstelegram_delivery"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_demo_config_names_the_mode_the_bot_and_the_platforms()
    {
        var config = await JsonAsync(await factory.CreateClient().GetAsync("/demo/config"));
        config.GetProperty("mode").GetString().ShouldBe("telegram");
        config.GetProperty("bot_username").GetString().ShouldBe("sample_test_bot");
        config.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ShouldContain("instagram");
    }

    [Fact]
    public async Task The_qr_endpoint_draws_an_svg_of_a_link_and_refuses_anything_else()
    {
        var client = factory.CreateClient();
        using var ok = await client.GetAsync("/demo/qr?text=" + Uri.EscapeDataString("https://t.me/sample_test_bot?start=abc"));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        ok.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await ok.Content.ReadAsStringAsync()).ShouldContain("<svg");

        (await client.GetAsync("/demo/qr?text=javascript:alert(1)")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/demo/qr")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/demo/qr?text=https://t.me/" + new string('a', 600))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_demo_page_is_served_at_the_root()
    {
        using var response = await factory.CreateClient().GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("SnsTelegram demo");
    }
}
