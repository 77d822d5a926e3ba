using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Storage;

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
    public async Task New_metrics_of_a_published_post_are_stored_and_edit_its_telegram_message()
    {
        var carol = await factory.SignedInClientAsync("carol-metrics");
        var dave = await factory.SignedInClientAsync("dave-metrics");
        await factory.Services.GetRequiredService<IChatLinkStore>().LinkAsync(
            new ChatLink { UserId = "carol-metrics", ChatId = 880_001, LinkedAt = TimeProvider.System.GetUtcNow() }, exclusiveChat: true);
        using var created = await carol.PostAsJsonAsync("/api/posts", new { platform = "instagram", text = "Metrics day" });
        var id = (await JsonAsync(created)).GetProperty("post").GetProperty("id").GetInt64();
        using var later = await carol.PostAsJsonAsync("/api/posts", new { platform = "instagram", text = "Not yet", scheduled_at = TimeProvider.System.GetUtcNow().AddDays(3).ToString("o") });
        var laterId = (await JsonAsync(later)).GetProperty("post").GetProperty("id").GetInt64();
        await factory.Services.GetRequiredService<SnsAutoPoster>().RunOnceAsync(CancellationToken.None);
        var published = (await factory.Services.GetRequiredService<SnsRepository>().GetPostAsync(id, CancellationToken.None)).ShouldNotBeNull();
        published.Status.ShouldBe(PostStatus.Published);

        using var updated = await carol.PostAsJsonAsync($"/api/posts/{id}/metrics", new { likes = 5000, views = 90000 });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(updated);
        body.GetProperty("telegram").GetString().ShouldBe("Queued");

        // What the app did with the figures: the stored post has them, figures left out keep their values ...
        var stored = (await factory.Services.GetRequiredService<SnsRepository>().GetPostAsync(id, CancellationToken.None)).ShouldNotBeNull();
        (stored.Likes, stored.Comments, stored.Shares, stored.Views).ShouldBe((5000, published.Comments, published.Shares, 90000));
        stored.Status.ShouldBe(PostStatus.Published);
        body.GetProperty("post").GetProperty("comments").GetInt64().ShouldBe(stored.Comments, "the answer shows the stored post");

        // ... and the published message in the user's chat is edited to show them.
        var outbox = factory.Services.GetRequiredService<IOutboxStore>();
        var original = (await outbox.FindByKeyAsync($"sample-post:{id}:published")).ShouldNotBeNull();
        var edit = (await outbox.FindLatestEditAsync($"sample-post:{id}:published")).ShouldNotBeNull();
        edit.ChatId.ShouldBe(880_001);
        edit.Id.ShouldBeGreaterThan(original.Id);
        edit.Message.Text.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Likes: 5,000 | Comments: {published.Comments:N0} | Shares: {published.Shares:N0} | Views: 90,000"));
        original.Message.Text.ShouldNotContain("Likes: 5,000");

        using var same = await carol.PostAsJsonAsync($"/api/posts/{id}/metrics", new { likes = 5000 });
        (await JsonAsync(same)).GetProperty("telegram").GetString().ShouldBe("Duplicate");
        (await outbox.FindLatestEditAsync($"sample-post:{id}:published")).ShouldNotBeNull().Id.ShouldBe(edit.Id, "unchanged figures queue no second edit");

        (await carol.PostAsJsonAsync($"/api/posts/{id}/metrics", new { likes = -1 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await carol.PostAsJsonAsync($"/api/posts/{id}/metrics", new { shares = "many" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dave.PostAsJsonAsync($"/api/posts/{id}/metrics", new { likes = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await carol.PostAsJsonAsync($"/api/posts/{laterId}/metrics", new { likes = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await carol.PostAsJsonAsync("/api/posts/999999/metrics", new { likes = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
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
