using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SnsTelegram.Sample.Tests;

/// <summary>The sample's own API: <c>/dev/token</c>, <c>/api/posts</c>, <c>/api/automations</c>, and their errors.</summary>
public sealed class SnsApiTests(SampleAppFactory factory) : IClassFixture<SampleAppFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        response.StatusCode.ShouldBe(status);
        var body = await JsonAsync(response);
        body.GetProperty("status").GetString().ShouldBe("error");
        body.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain(messagePart);
    }

    [Fact]
    public async Task Posts_need_a_bearer_token()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/posts");
        await ShouldBeErrorAsync(response, HttpStatusCode.Unauthorized, "bearer token");
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl");
        using var response = await client.GetAsync("/api/posts");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"user\":\"\"}")]
    [InlineData("{\"user\":\"has space\"}")]
    [InlineData("{\"name\":\"alice\"}")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public async Task The_dev_token_endpoint_rejects_bad_users(string body)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsync("/dev/token", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("status").GetString().ShouldBe("error");
    }

    [Fact]
    public async Task A_post_is_scheduled_with_a_case_insensitive_platform_and_listed_for_its_user_only()
    {
        var alice = await factory.SignedInClientAsync("alice-posts");
        var bob = await factory.SignedInClientAsync("bob-posts");

        var at = new DateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(30).Date, TimeSpan.Zero).AddHours(3).ToOffset(TimeSpan.FromHours(9));
        using var created = await alice.PostAsJsonAsync("/api/posts", new { platform = "InstaGram", text = "  Spring sale  ", scheduled_at = at.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var post = (await JsonAsync(created)).GetProperty("post");
        post.GetProperty("platform").GetString().ShouldBe("instagram");
        post.GetProperty("platform_name").GetString().ShouldBe("Instagram");
        post.GetProperty("text").GetString().ShouldBe("Spring sale");
        post.GetProperty("status").GetString().ShouldBe("scheduled");
        post.GetProperty("scheduled_at").GetDateTimeOffset().ShouldBe(at);

        var mine = (await JsonAsync(await alice.GetAsync("/api/posts"))).GetProperty("posts");
        mine.GetArrayLength().ShouldBe(1);
        mine[0].GetProperty("id").GetInt64().ShouldBe(post.GetProperty("id").GetInt64());
        (await JsonAsync(await bob.GetAsync("/api/posts"))).GetProperty("posts").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_post_without_scheduled_at_is_due_now()
    {
        var client = await factory.SignedInClientAsync("alice-now");
        using var created = await client.PostAsJsonAsync("/api/posts", new { platform = "x", text = "Now" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var post = (await JsonAsync(created)).GetProperty("post");
        post.GetProperty("platform").GetString().ShouldBe("twitter");
        post.GetProperty("scheduled_at").GetDateTimeOffset().ShouldBeLessThanOrEqualTo(TimeProvider.System.GetUtcNow());
    }

    [Theory]
    [InlineData("{\"platform\":\"myspace\",\"text\":\"hi\"}", "platform must be one of: facebook, instagram")]
    [InlineData("{\"platform\":\"\",\"text\":\"hi\"}", "platform must be one of")]
    [InlineData("{\"platform\":42,\"text\":\"hi\"}", "platform must be one of")]
    [InlineData("{\"text\":\"hi\"}", "platform must be one of")]
    [InlineData("{\"platform\":\"instagram\"}", "text is required")]
    [InlineData("{\"platform\":\"instagram\",\"text\":\"   \"}", "text is required")]
    [InlineData("{\"platform\":\"instagram\",\"text\":\"hi\",\"scheduled_at\":\"tomorrow\"}", "scheduled_at must be an ISO 8601")]
    [InlineData("{\"platform\":\"instagram\",\"text\":\"hi\",\"scheduled_at\":12345}", "scheduled_at must be an ISO 8601")]
    [InlineData("{\"platform\":\"instagram\",\"text\":\"hi\",\"scheduled_at\":\"2999-01-01T00:00:00Z\"}", "within one year")]
    [InlineData("{\"platform\":\"instagram\",", "The body must be a JSON object")]
    [InlineData("\"instagram\"", "The body must be a JSON object")]
    [InlineData("", "The body must be a JSON object")]
    public async Task Bad_posts_get_a_400_with_the_error_envelope(string body, string message)
    {
        var client = await factory.SignedInClientAsync("alice-bad");
        using var response = await client.PostAsync("/api/posts", new StringContent(body, Encoding.UTF8, "application/json"));
        await ShouldBeErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task A_too_long_text_is_rejected()
    {
        var client = await factory.SignedInClientAsync("alice-long");
        using var response = await client.PostAsJsonAsync("/api/posts", new { platform = "instagram", text = new string('a', 2201) });
        await ShouldBeErrorAsync(response, HttpStatusCode.BadRequest, "1 to 2200 characters");
    }

    [Fact]
    public async Task An_automation_rule_is_created_with_its_next_run_and_listed()
    {
        var client = await factory.SignedInClientAsync("alice-rules");

        using var created = await client.PostAsJsonAsync("/api/automations", new { name = "Daily Instagram Post", platforms = new[] { "Instagram", "twitter", "INSTAGRAM" }, cron = "0 9 * * *", time_zone = "Asia/Seoul" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var rule = (await JsonAsync(created)).GetProperty("automation");
        rule.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()).ShouldBe(["instagram", "twitter"]);
        var next = rule.GetProperty("next_run_at").GetDateTimeOffset();
        next.ToOffset(TimeSpan.FromHours(9)).TimeOfDay.ShouldBe(TimeSpan.FromHours(9));
        var listed = (await JsonAsync(await client.GetAsync("/api/automations"))).GetProperty("automations");
        listed.GetArrayLength().ShouldBe(1);
        listed[0].GetProperty("name").GetString().ShouldBe("Daily Instagram Post");
    }

    [Theory]
    [InlineData("{\"name\":\"r\",\"platforms\":[\"instagram\"],\"cron\":\"not a cron\"}", "cron is not a valid cron expression")]
    [InlineData("{\"name\":\"r\",\"platforms\":[\"instagram\"],\"cron\":\"61 * * * *\"}", "cron is not a valid cron expression")]
    [InlineData("{\"name\":\"r\",\"platforms\":[\"instagram\"]}", "cron is required")]
    [InlineData("{\"name\":\"r\",\"platforms\":[\"myspace\"],\"cron\":\"* * * * *\"}", "platforms must be a non-empty list")]
    [InlineData("{\"name\":\"r\",\"platforms\":[],\"cron\":\"* * * * *\"}", "platforms must be a non-empty list")]
    [InlineData("{\"name\":\"r\",\"platforms\":[null],\"cron\":\"* * * * *\"}", "platforms must be a non-empty list")]
    [InlineData("{\"name\":\"\",\"platforms\":[\"instagram\"],\"cron\":\"* * * * *\"}", "name is required")]
    [InlineData("{\"name\":\"r\",\"platforms\":[\"instagram\"],\"cron\":\"* * * * *\",\"time_zone\":\"Mars/Olympus\"}", "time_zone 'Mars/Olympus' is not a known")]
    [InlineData("[]", "The body must be a JSON object")]
    public async Task Bad_automation_rules_get_a_400_with_the_error_envelope(string body, string message)
    {
        var client = await factory.SignedInClientAsync("alice-bad-rules");
        using var response = await client.PostAsync("/api/automations", new StringContent(body, Encoding.UTF8, "application/json"));
        await ShouldBeErrorAsync(response, HttpStatusCode.BadRequest, message);
    }
}
