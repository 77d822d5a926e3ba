using System.Text.Json;

namespace SnsTelegram.Sdk.Tests.Notifications;

public sealed class SnsNotificationFactoryTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Post_success_reads_every_field()
    {
        var n = SnsNotificationFactory.Create("post_success", "u1", Json("""
            {"platform":"instagram","preview":"Hello","post_url":"https://www.instagram.com/p/1/","likes":1234,"comments":"56",
             "shares":7,"views":8900,"published_at":"2026-02-26T10:30:00Z","post_id":42,"idempotency_key":"k1"}
            """)).ShouldBeOfType<PostPublished>();

        n.UserId.ShouldBe("u1");
        n.Platform.ShouldBe(SnsPlatform.Instagram);
        n.Preview.ShouldBe("Hello");
        n.PostUrl.ShouldBe("https://www.instagram.com/p/1/");
        (n.Likes, n.Comments, n.Shares, n.Views).ShouldBe((1234L, 56L, 7L, 8900L));
        n.PublishedAt.ShouldBe(new DateTimeOffset(2026, 2, 26, 10, 30, 0, TimeSpan.Zero));
        n.PostId.ShouldBe("42");
        n.IdempotencyKey.ShouldBe("k1");
    }

    [Fact]
    public void Post_success_accepts_content_and_leaves_unknown_metrics_empty()
    {
        var n = SnsNotificationFactory.Create("post_success", "u1", Json("""{"platform":"X","content":"Hi","published_at":1772101800}""")).ShouldBeOfType<PostPublished>();
        n.Platform.ShouldBe(SnsPlatform.Twitter);
        n.Preview.ShouldBe("Hi");
        n.PostUrl.ShouldBeNull();
        n.Likes.ShouldBeNull();
        n.Views.ShouldBeNull();
        n.PublishedAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1772101800));
    }

    [Theory]
    [InlineData("error")]
    [InlineData("error_message")]
    public void Post_failure_reads_both_error_names(string field)
    {
        var n = SnsNotificationFactory.Create("post_failure", "u1", Json($$"""{"platform":"Mastodon","preview":"p","{{field}}":"boom","failed_at":"2026-02-26T19:30:00+09:00","post_id":"p9"}"""))
            .ShouldBeOfType<PostFailed>();
        n.Platform.IsKnown.ShouldBeFalse();
        n.Platform.DisplayName.ShouldBe("Mastodon");
        n.ErrorMessage.ShouldBe("boom");
        n.FailedAt.ShouldBe(new DateTimeOffset(2026, 2, 26, 10, 30, 0, TimeSpan.Zero));
        n.PostId.ShouldBe("p9");
    }

    [Theory]
    [InlineData("""["instagram","twitter"]""")]
    [InlineData("\"Instagram, Twitter\"")]
    public void Automation_reads_platforms_as_array_or_comma_string(string platforms)
    {
        var n = SnsNotificationFactory.Create("automation_executed", "u1", Json($$"""{"rule_name":"Daily Instagram Post","platforms":{{platforms}},"status":"partial","executed_at":"2026-02-26T10:30:00"}"""))
            .ShouldBeOfType<AutomationExecuted>();
        n.RuleName.ShouldBe("Daily Instagram Post");
        n.Platforms.ShouldBe([SnsPlatform.Instagram, SnsPlatform.Twitter]);
        n.Status.ShouldBe(AutomationStatus.PartiallyCompleted);
        n.ExecutedAt.ShouldBe(new DateTimeOffset(2026, 2, 26, 10, 30, 0, TimeSpan.Zero), "a time without offset is UTC");
    }

    [Fact]
    public void Daily_summary_reads_platforms_as_an_array()
    {
        var n = SnsNotificationFactory.Create("daily_summary", "u1", Json("""
            {"date":"2026-02-25","total_posts":5,"success_count":4,"failed_count":1,"total_engagement":2345,
             "platforms":[{"platform":"instagram","posts":3,"succeeded":3,"likes":1000,"comments":234},{"platform":"twitter","posts":2,"failed":1,"engagement":1111}]}
            """)).ShouldBeOfType<DailySummary>();
        n.Date.ShouldBe(new DateOnly(2026, 2, 25));
        (n.TotalPosts, n.Succeeded, n.Failed, n.TotalEngagement).ShouldBe((5, 4, 1, 2345L));
        n.Platforms.Count.ShouldBe(2);
        n.Platforms[0].ShouldBe(new PlatformSummary(SnsPlatform.Instagram, 3, 3, 0, 1000, 234));
        n.Platforms[1].ShouldBe(new PlatformSummary(SnsPlatform.Twitter, 2, 1, 1, 1111));
        n.Platforms[1].Engagement.ShouldBe(1111);
    }

    [Fact]
    public void Daily_summary_reads_platforms_as_an_object_and_derives_missing_totals()
    {
        var n = SnsNotificationFactory.Create("daily_summary", "u1", Json("""
            {"date":"2026-02-25","platforms":{"instagram":{"posts":3,"engagement":1234},"tiktok":2}}
            """)).ShouldBeOfType<DailySummary>();
        (n.TotalPosts, n.Succeeded, n.Failed, n.TotalEngagement).ShouldBe((5, 5, 0, 1234L));
        n.Platforms.Select(p => p.Platform).ShouldBe([SnsPlatform.Instagram, SnsPlatform.TikTok]);
    }

    [Fact]
    public void Daily_summary_with_zero_posts()
    {
        var n = SnsNotificationFactory.Create("daily_summary", "u1", Json("""{"date":"2026-02-25","total_posts":0}""")).ShouldBeOfType<DailySummary>();
        n.TotalPosts.ShouldBe(0);
        n.Platforms.ShouldBeEmpty();
    }

    [Fact]
    public void Test_needs_no_payload()
    {
        SnsNotificationFactory.Create("test", "u1", default).ShouldBeOfType<TestMessage>().UserId.ShouldBe("u1");
        SnsNotificationFactory.Create("test", "u1", Json("{}")).ShouldBeOfType<TestMessage>();
    }

    [Fact]
    public void Unknown_type_names_it_and_lists_the_known_ones()
    {
        var error = Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create("post_sucess", "u1", Json("{}")));
        error.ParamName.ShouldBe("type");
        error.Message.ShouldContain("'post_sucess'");
        foreach (var type in NotificationTypes.All)
        {
            error.Message.ShouldContain(type);
        }
    }

    [Theory]
    [InlineData("post_success", "{}", "'platform'")]
    [InlineData("post_success", """{"platform":"  "}""", "'platform'")]
    [InlineData("post_success", """{"platform":"instagram","likes":-1}""", "'likes'")]
    [InlineData("post_success", """{"platform":"instagram","likes":"many"}""", "'likes'")]
    [InlineData("post_success", """{"platform":"instagram","published_at":"yesterday"}""", "'published_at'")]
    [InlineData("post_success", """{"platform":"instagram","post_url":42}""", "'post_url'")]
    [InlineData("post_failure", """{"preview":"x"}""", "'platform'")]
    [InlineData("post_failure", """{"platform":"instagram","error":{"code":1}}""", "'error'")]
    [InlineData("automation_executed", """{"platforms":["instagram"]}""", "'rule_name'")]
    [InlineData("automation_executed", """{"rule_name":"r","platforms":42}""", "'platforms'")]
    [InlineData("automation_executed", """{"rule_name":"r","status":"exploded"}""", "'status'")]
    [InlineData("daily_summary", """{"total_posts":1}""", "'date'")]
    [InlineData("daily_summary", """{"date":"25/02/2026"}""", "'date'")]
    [InlineData("daily_summary", """{"date":"2026-02-25","platforms":[{"posts":1}]}""", "'platforms[0].platform'")]
    [InlineData("daily_summary", """{"date":"2026-02-25","platforms":{"instagram":{"likes":-5}}}""", "'platforms.instagram.likes'")]
    [InlineData("post_success", "[1,2]", "JSON object")]
    public void Missing_or_invalid_fields_are_named(string type, string payload, string expected)
    {
        var error = Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create(type, "u1", Json(payload)));
        error.Message.ShouldContain(expected);
        error.Message.ShouldContain(type);
    }

    [Fact]
    public void An_empty_user_id_is_rejected() =>
        Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create("test", " ", default)).ParamName.ShouldBe("userId");

    [Theory]
    [InlineData("{\"platform\":\"instagram\",\"preview\":\"hi \\ud800\"}")]
    [InlineData("{\"platform\":\"instagram\",\"\\udfff\":1}")]
    [InlineData("{\"rule_name\":\"r\",\"platforms\":[\"\\ud83d\"]}")]
    public void A_payload_string_that_is_not_valid_text_is_an_ArgumentException_naming_the_payload(string json)
    {
        using var payload = JsonDocument.Parse(json);
        var type = json.Contains("rule_name", StringComparison.Ordinal) ? NotificationTypes.AutomationExecuted : NotificationTypes.PostSuccess;

        var error = Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create(type, "u1", payload.RootElement));

        error.ParamName.ShouldBe("payload");
        error.Message.ShouldContain("not valid text");
    }

    [Fact]
    public void A_payload_string_from_broken_utf8_is_an_ArgumentException()
    {
        using var payload = JsonDocument.Parse((byte[])[.. "{\"platform\":\"instagram\",\"preview\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);

        Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create(NotificationTypes.PostSuccess, "u1", payload.RootElement)).ParamName.ShouldBe("payload");
    }
}
