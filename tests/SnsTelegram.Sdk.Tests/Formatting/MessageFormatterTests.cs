using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

public sealed class MessageFormatterTests
{
    private static readonly DateTimeOffset At = FormattingTestData.Now;

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("ftp://example.com/file")]
    [InlineData("https://exa mple.com/")]
    [InlineData("https://example.com/\"onmouseover=\"x")]
    [InlineData("https://example.com/<script>")]
    [InlineData("//example.com/post")]
    [InlineData("/relative/post")]
    [InlineData("https://")]
    [InlineData("")]
    public void An_unsafe_url_gives_neither_a_link_nor_a_button(string url)
    {
        var message = FormattingTestData.Formatter().Format(new PostPublished("u", SnsPlatform.Instagram, "text", url, PublishedAt: At), FormattingTestData.Context("en"));

        message.Text.ShouldNotContain("<a ");
        message.Text.ShouldNotContain("🔗");
        message.Buttons!.SelectMany(r => r).ShouldAllBe(b => b.Url == null);
        TelegramHtmlValidator.ShouldBeValid(message);
    }

    [Fact]
    public void A_published_post_shows_its_own_preview_above_the_text_and_a_report_shows_none()
    {
        const string url = "https://www.instagram.com/p/abc/";
        var formatter = FormattingTestData.Formatter();
        var context = FormattingTestData.Context("en");

        var post = formatter.Format(new PostPublished("u", SnsPlatform.Instagram, "text", url, PublishedAt: At), context);
        post.LinkPreviewUrl.ShouldBe(url);
        post.LinkPreviewAboveText.ShouldBeTrue();
        post.ShowsLinkPreview.ShouldBeTrue();

        // a photo's caption has no preview; an unsafe or missing address gives none
        var photo = formatter.Format(new PostPublished("u", SnsPlatform.Instagram, "text", url, PublishedAt: At) { ImageUrl = "https://cdn.example.com/a.png" }, context);
        photo.ShowsLinkPreview.ShouldBeFalse();
        formatter.Format(new PostPublished("u", SnsPlatform.Instagram, "text", "javascript:alert(1)", PublishedAt: At), context).ShowsLinkPreview.ShouldBeFalse();
        formatter.Format(new PostPublished("u", SnsPlatform.Instagram, "text", null, PublishedAt: At), context).ShowsLinkPreview.ShouldBeFalse();

        var report = formatter.Format(new DailySummary("u", new DateOnly(2026, 2, 25), 3, 2, 1, 120, [new PlatformSummary(SnsPlatform.Instagram, 3, 2, 1, Likes: 120)]), context);
        report.ShowsLinkPreview.ShouldBeFalse();
    }

    [Fact]
    public void A_safe_url_is_escaped_in_the_href_and_kept_whole_in_the_button()
    {
        const string url = "https://example.com/p?a=1&b=2";
        var message = FormattingTestData.Formatter().Format(new PostPublished("u", SnsPlatform.Instagram, "text", url, PublishedAt: At), FormattingTestData.Context("en"));

        message.Text.ShouldContain("<a href=\"https://example.com/p?a=1&amp;b=2\">");
        message.Buttons![0].ShouldHaveSingleItem().Url.ShouldBe(url);
        message.Buttons[0][0].Text.ShouldBe("🔗 View post");
    }

    [Fact]
    public void User_content_is_always_escaped()
    {
        var formatter = FormattingTestData.Formatter();
        var context = FormattingTestData.Context("ko");
        SnsNotification[] notifications =
        [
            new PostPublished("u", SnsPlatform.Parse("<b>evil</b>"), "<script>x</script>", null, PublishedAt: At),
            new PostFailed("u", SnsPlatform.Instagram, "<i>p</i>", "<script>x</script>", At),
            new AutomationExecuted("u", "<script>x</script>", [SnsPlatform.Parse("<u>p</u>")], At) { Detail = "<pre>d</pre>" },
            new DailySummary("u", new DateOnly(2026, 2, 25), 1, 1, 0, 1, [new PlatformSummary(SnsPlatform.Parse("<s>p</s>"), 1, 1, 0)]),
        ];

        foreach (var notification in notifications)
        {
            var text = formatter.Format(notification, context).Text;
            text.ShouldNotContain("<script>");
            text.ShouldNotContain("<i>");
            text.ShouldNotContain("<u>");
            text.ShouldNotContain("<pre>");
            text.ShouldNotContain("<s>");
            text.ShouldNotContain("<b>evil");
            text.ShouldContain("&lt;");
        }
    }

    [Fact]
    public void No_metrics_line_when_no_metric_is_known()
    {
        var message = FormattingTestData.Formatter().Format(new PostPublished("u", SnsPlatform.Instagram, "t", null, PublishedAt: At), FormattingTestData.Context("ko"));
        message.Text.ShouldNotContain("👥");
        message.Text.ShouldNotContain("좋아요");
    }

    [Fact]
    public void Shares_and_views_appear_when_known()
    {
        var message = FormattingTestData.Formatter().Format(
            new PostPublished("u", SnsPlatform.Instagram, "t", null, 1234, 56, At) { Shares = 7, Views = 89012 }, FormattingTestData.Context("ko"));
        message.Text.ShouldContain("👥 좋아요: 1,234 | 댓글: 56 | 공유: 7 | 조회수: 89,012");
    }

    [Fact]
    public void A_missing_time_means_now_from_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 23, 45, 0, TimeSpan.Zero));
        var message = new TelegramMessageFormatter(time).Format(new PostFailed("u", SnsPlatform.Instagram, null, "x"), FormattingTestData.Context("en", "Asia/Seoul"));
        message.Text.ShouldContain("2026-07-02 08:45 (UTC+09:00)");
    }

    [Fact]
    public void A_long_preview_is_shortened_on_a_grapheme_with_an_ellipsis()
    {
        var preview = string.Concat(Enumerable.Repeat("👨‍👩‍👧", 500));
        var message = FormattingTestData.Formatter().Format(new PostPublished("u", SnsPlatform.Instagram, preview, null, PublishedAt: At), FormattingTestData.Context("en"));

        var line = message.Text.Split('\n').Single(l => l.StartsWith("📝 ", StringComparison.Ordinal))["📝 ".Length..];
        line.ShouldEndWith("…");
        line.Length.ShouldBeLessThanOrEqualTo(FormatterParts.PreviewLength);
        (line[..^1].Length % "👨‍👩‍👧".Length).ShouldBe(0);
        preview.ShouldStartWith(line[..^1]);
    }

    [Fact]
    public void Retry_button_only_when_retry_is_possible()
    {
        var formatter = FormattingTestData.Formatter();
        var failed = new PostFailed("u", SnsPlatform.Instagram, null, "x", At) { PostId = "p1" };

        formatter.Format(failed, FormattingTestData.Context("en", canRetry: true)).Buttons!.SelectMany(r => r).Select(b => b.CallbackData)
            .ShouldBe(["retry:p1", "mute:post_failure"]);
        formatter.Format(failed, FormattingTestData.Context("en", canRetry: false)).Buttons!.SelectMany(r => r).Select(b => b.CallbackData)
            .ShouldBe(["mute:post_failure"]);
        formatter.Format(failed with { PostId = null }, FormattingTestData.Context("en", canRetry: true)).Buttons!.SelectMany(r => r).Select(b => b.CallbackData)
            .ShouldBe(["mute:post_failure"]);
    }

    [Fact]
    public void Every_type_but_test_has_a_mute_button_for_its_type()
    {
        var formatter = FormattingTestData.Formatter();
        var context = FormattingTestData.Context("ko");
        SnsNotification[] notifications =
        [
            new PostPublished("u", SnsPlatform.Instagram, null, null, PublishedAt: At),
            new PostFailed("u", SnsPlatform.Instagram, null, null, At),
            new AutomationExecuted("u", "r", [], At),
            new DailySummary("u", new DateOnly(2026, 2, 25), 0, 0, 0, 0, []),
        ];
        foreach (var notification in notifications)
        {
            var mute = formatter.Format(notification, context).Buttons![^1].ShouldHaveSingleItem();
            mute.CallbackData.ShouldBe("mute:" + notification.Type);
            mute.Text.ShouldBe("🔕 이 알림 끄기");
        }

        formatter.Format(new TestMessage("u"), context).Buttons.ShouldBeNull();
    }

    [Theory]
    [InlineData("ko-KR", "SNS 게시 완료")]
    [InlineData("en-US", "Post published")]
    public void Regional_language_codes_use_their_language(string language, string title) =>
        FormattingTestData.Formatter().Format(new PostPublished("u", SnsPlatform.Instagram, null, null, PublishedAt: At), FormattingTestData.Context(language))
            .Text.ShouldContain(title);

    [Fact]
    public void An_unsupported_language_is_a_clear_error() =>
        Should.Throw<ArgumentException>(() => FormattingTestData.Formatter().Format(new TestMessage("u"), FormattingTestData.Context("fr")))
            .Message.ShouldContain("'fr'");

    [Fact]
    public void An_unknown_notification_type_is_a_clear_error() =>
        Should.Throw<ArgumentException>(() => FormattingTestData.Formatter().Format(new WeeklyDigest("u"), FormattingTestData.Context("en")))
            .Message.ShouldContain("weekly_digest");

    [Fact]
    public void A_notification_without_a_platform_is_a_clear_error() =>
        Should.Throw<ArgumentException>(() => FormattingTestData.Formatter().Format(new PostPublished("u", default, null, null), FormattingTestData.Context("en")))
            .Message.ShouldContain("Platform");

    [Fact]
    public void AddSnsTelegram_registers_the_default_formatter_unless_one_is_registered()
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram();
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<ITelegramMessageFormatter>().ShouldBeOfType<TelegramMessageFormatter>();
        }

        var custom = new ServiceCollection();
        custom.AddSingleton<ITelegramMessageFormatter, PlainFormatter>();
        custom.AddSnsTelegram();
        using var customProvider = custom.BuildServiceProvider();
        customProvider.GetRequiredService<ITelegramMessageFormatter>().ShouldBeOfType<PlainFormatter>();
    }

    private sealed record WeeklyDigest(string UserId) : SnsNotification(UserId)
    {
        public override string Type => "weekly_digest";
    }

    private sealed class PlainFormatter : ITelegramMessageFormatter
    {
        public TelegramMessage Format(SnsNotification notification, MessageContext context) => new(notification.Type) { ParseMode = TelegramParseMode.None };
    }
}
