namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>Locks every message the bot sends: each notification type in Korean and English, with its edge cases.</summary>
public sealed class MessageSnapshotTests
{
    private const string User = "user-1";
    private static readonly DateTimeOffset At = new(2026, 2, 26, 10, 30, 0, TimeSpan.Zero);
    private static readonly string[] Languages = ["ko", "en"];

    private static readonly Dictionary<string, (SnsNotification Notification, string Zone, bool CanRetry)> PostPublishedCases = new()
    {
        ["seed_sample"] = (new PostPublished(User, SnsPlatform.Instagram, "오늘의 신제품 소개! 봄 시즌 컬렉션을 만나보세요 🌸", "https://www.instagram.com/p/C1a2b3c4d5/", 1234, 56, At), "Asia/Seoul", false),
        ["all_metrics"] = (new PostPublished(User, SnsPlatform.Twitter, "Spring launch thread 🧵", "https://x.com/acme/status/1894000000000000000", 98765, 4321, At) { Shares = 789, Views = 1_234_567 }, "Asia/Seoul", false),
        ["no_metrics"] = (new PostPublished(User, SnsPlatform.Facebook, "New arrivals", "https://www.facebook.com/acme/posts/123", PublishedAt: At), "Asia/Seoul", false),
        ["only_likes"] = (new PostPublished(User, SnsPlatform.LinkedIn, "We are hiring", "https://www.linkedin.com/feed/update/urn:li:activity:1", Likes: 0, PublishedAt: At), "UTC", false),
        ["no_url"] = (new PostPublished(User, SnsPlatform.TikTok, "Dance challenge", null, 10, 2, At), "Asia/Seoul", false),
        ["unsafe_url"] = (new PostPublished(User, SnsPlatform.YouTube, "Launch video", "javascript:alert(document.cookie)", 5, 1, At), "Asia/Seoul", false),
        ["html_hostile"] = (new PostPublished(User, SnsPlatform.Parse("Mastodon & <Friends>"), FormattingTestData.Hostile + " <b>bold</b> &lt; </a>", "https://example.com/p?a=1&b=2", 1, 1, At), "Asia/Seoul", false),
        ["emoji"] = (new PostPublished(User, SnsPlatform.Threads, "👨‍👩‍👧‍👦 가족 🇰🇷 👍🏽 e\u0301 ✨ 🧑‍💻", "https://www.threads.net/@acme/post/1", 3, 0, At), "Asia/Seoul", false),
        ["long_preview"] = (new PostPublished(User, SnsPlatform.Pinterest, FormattingTestData.LongPreview(), "https://www.pinterest.com/pin/1/", 12, 3, At), "Asia/Seoul", false),
        ["unknown_platform"] = (new PostPublished(User, SnsPlatform.Parse("Mastodon"), "Toot!", "https://mastodon.social/@acme/1", 7, 1, At), "Asia/Seoul", false),
        ["half_hour_zone"] = (new PostPublished(User, SnsPlatform.Instagram, "Namaste", "https://www.instagram.com/p/X/", 1234, 56, At), "Asia/Kolkata", false),
        ["no_preview_now"] = (new PostPublished(User, SnsPlatform.Instagram, null, "https://www.instagram.com/p/Y/"), "Asia/Seoul", false),
        ["photo"] = (new PostPublished(User, SnsPlatform.Instagram, "오늘의 신제품 소개! 봄 시즌 컬렉션을 만나보세요 🌸", "https://www.instagram.com/p/C1a2b3c4d5/", 1234, 56, At) { ImageUrl = "https://cdn.example.com/posts/C1a2b3c4d5/screenshot.jpg" }, "Asia/Seoul", false),
        ["photo_long_preview"] = (new PostPublished(User, SnsPlatform.Pinterest, FormattingTestData.LongPreview(), "https://www.pinterest.com/pin/1/", 12, 3, At) { ImageUrl = "https://cdn.example.com/pins/1.png" }, "Asia/Seoul", false),
    };

    private static readonly Dictionary<string, (SnsNotification Notification, string Zone, bool CanRetry)> PostFailedCases = new()
    {
        ["typical"] = (new PostFailed(User, SnsPlatform.Instagram, "오늘의 신제품 소개!", "Instagram API rate limit exceeded (code 4)", At), "Asia/Seoul", false),
        ["retry"] = (new PostFailed(User, SnsPlatform.Twitter, "Spring launch", "503 Service Unavailable", At) { PostId = "post_12345" }, "Asia/Seoul", true),
        ["retry_not_offered"] = (new PostFailed(User, SnsPlatform.Twitter, "Spring launch", "503 Service Unavailable", At) { PostId = "post_12345" }, "Asia/Seoul", false),
        ["post_id_too_long"] = (new PostFailed(User, SnsPlatform.Facebook, "Big post", "Timeout", At) { PostId = new string('p', 60) }, "Asia/Seoul", true),
        ["html_hostile"] = (new PostFailed(User, SnsPlatform.Parse("<i>Shady</i>"), FormattingTestData.Hostile, FormattingTestData.Hostile + " </b><a href=\"x\">", At), "Asia/Seoul", false),
        ["long_error"] = (new PostFailed(User, SnsPlatform.Facebook, "Campaign post", FormattingTestData.LongError(), At), "Asia/Seoul", false),
        ["no_error_text"] = (new PostFailed(User, SnsPlatform.TikTok, null, null, At), "Asia/Seoul", false),
        ["half_hour_zone"] = (new PostFailed(User, SnsPlatform.YouTube, "Launch video", "Upload quota exceeded", At), "Australia/Adelaide", false),
        ["photo"] = (new PostFailed(User, SnsPlatform.Instagram, "오늘의 신제품 소개!", "Instagram API rate limit exceeded (code 4)", At) { PostId = "post_12345", ImageUrl = "https://cdn.example.com/failures/12345.png" }, "Asia/Seoul", true),
        ["photo_long_error"] = (new PostFailed(User, SnsPlatform.Facebook, FormattingTestData.LongPreview(), FormattingTestData.LongError(), At) { ImageUrl = "https://cdn.example.com/failures/1.png" }, "Asia/Seoul", false),
    };

    private static readonly Dictionary<string, (SnsNotification Notification, string Zone, bool CanRetry)> AutomationCases = new()
    {
        ["seed_sample"] = (new AutomationExecuted(User, "Daily Instagram Post", [SnsPlatform.Instagram, SnsPlatform.Twitter], At), "Asia/Seoul", false),
        ["partial"] = (new AutomationExecuted(User, "Weekend campaign", [SnsPlatform.Facebook, SnsPlatform.TikTok], At, AutomationStatus.PartiallyCompleted) { Detail = "TikTok: video too long" }, "Asia/Seoul", false),
        ["failed"] = (new AutomationExecuted(User, "Morning post", [SnsPlatform.LinkedIn], At, AutomationStatus.Failed) { Detail = "Token expired <reauth>" }, "Asia/Seoul", false),
        ["html_hostile"] = (new AutomationExecuted(User, FormattingTestData.Hostile, [SnsPlatform.Parse("<b>X</b>")], At), "Asia/Seoul", false),
        ["twenty_platforms"] = (new AutomationExecuted(User, "Everywhere at once", FormattingTestData.TwentyPlatforms(), At), "Asia/Seoul", false),
        ["no_platforms"] = (new AutomationExecuted(User, "Draft rule", [], At), "Asia/Seoul", false),
        ["half_hour_zone"] = (new AutomationExecuted(User, "Daily Instagram Post", [SnsPlatform.Instagram], At), "Asia/Kolkata", false),
    };

    private static readonly Dictionary<string, (SnsNotification Notification, string Zone, bool CanRetry)> DailyCases = new()
    {
        ["seed_sample"] = (new DailySummary(User, new DateOnly(2026, 2, 25), 5, 5, 0, 2345,
            [new PlatformSummary(SnsPlatform.Instagram, 3, 3, 0, 1000, 200, 34), new PlatformSummary(SnsPlatform.Twitter, 2, 2, 0, 1000, 100, 11)]), "Asia/Seoul", false),
        ["with_failures_and_views"] = (new DailySummary(User, new DateOnly(2026, 2, 25), 7, 5, 2, 3456,
            [new PlatformSummary(SnsPlatform.Instagram, 4, 3, 1, 2000, 300, 56, 45678), new PlatformSummary(SnsPlatform.YouTube, 1, 1, 0, 1000, 100, 0, 1_000_000), new PlatformSummary(SnsPlatform.TikTok, 2, 1, 1)]), "Asia/Seoul", false),
        ["zero_posts"] = (new DailySummary(User, new DateOnly(2026, 2, 25), 0, 0, 0, 0, []), "Asia/Seoul", false),
        ["twenty_platforms"] = (new DailySummary(User, new DateOnly(2026, 3, 1), 40, 38, 2, 123456,
            [.. FormattingTestData.TwentyPlatforms().Select((p, i) => new PlatformSummary(p, 2, i % 10 == 0 ? 1 : 2, i % 10 == 0 ? 1 : 0, 1000 * i, 10 * i, i))]), "Asia/Seoul", false),
        ["unknown_hostile_platform"] = (new DailySummary(User, new DateOnly(2026, 2, 25), 1, 1, 0, 10,
            [new PlatformSummary(SnsPlatform.Parse(FormattingTestData.Hostile), 1, 1, 0, 10)]), "Asia/Seoul", false),
        ["many_platforms"] = (new DailySummary(User, new DateOnly(2026, 2, 25), 500, 500, 0, 500_000,
            [.. Enumerable.Range(1, 500).Select(i => new PlatformSummary(SnsPlatform.Parse($"Network number {i:000} with a fairly long name"), 1, 1, 0, 1000))]), "Asia/Seoul", false),
    };

    private static readonly Dictionary<string, (SnsNotification Notification, string Zone, bool CanRetry)> TestCases = new()
    {
        ["utc"] = (new TestMessage(User), "UTC", false),
        ["seoul"] = (new TestMessage(User), "Asia/Seoul", false),
        ["half_hour_zone"] = (new TestMessage(User), "Asia/Kolkata", false),
    };

    public static TheoryData<string, string> PostPublishedData => Data(PostPublishedCases);

    public static TheoryData<string, string> PostFailedData => Data(PostFailedCases);

    public static TheoryData<string, string> AutomationData => Data(AutomationCases);

    public static TheoryData<string, string> DailyData => Data(DailyCases);

    public static TheoryData<string, string> TestData => Data(TestCases);

    [Theory]
    [MemberData(nameof(PostPublishedData))]
    public void PostPublished(string language, string @case) => Check(PostPublishedCases[@case], language, @case);

    [Theory]
    [MemberData(nameof(PostFailedData))]
    public void PostFailed(string language, string @case) => Check(PostFailedCases[@case], language, @case);

    [Theory]
    [MemberData(nameof(AutomationData))]
    public void AutomationExecuted(string language, string @case) => Check(AutomationCases[@case], language, @case);

    [Theory]
    [MemberData(nameof(DailyData))]
    public void DailySummary(string language, string @case) => Check(DailyCases[@case], language, @case);

    [Theory]
    [MemberData(nameof(TestData))]
    public void TestMessage(string language, string @case) => Check(TestCases[@case], language, @case);

    [Fact]
    public void Every_approved_snapshot_holds_valid_Telegram_HTML()
    {
        var files = Directory.GetFiles(Snapshot.SourceDirectory(), $"{nameof(MessageSnapshotTests)}.*.approved.txt");
        files.Length.ShouldBe(2 * (PostPublishedCases.Count + PostFailedCases.Count + AutomationCases.Count + DailyCases.Count + TestCases.Count));
        foreach (var file in files)
        {
            var content = File.ReadAllText(file).Replace("\r\n", "\n");
            var start = content.IndexOf("--- text ---\n", StringComparison.Ordinal) + "--- text ---\n".Length;
            var end = content.IndexOf("\n--- buttons ---", StringComparison.Ordinal);
            var errors = TelegramHtmlValidator.ValidateHtml(content[start..end], out _);
            errors.ShouldBeEmpty(Path.GetFileName(file));
        }
    }

    private static void Check((SnsNotification Notification, string Zone, bool CanRetry) input, string language, string @case, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var context = FormattingTestData.Context(language, input.Zone, input.CanRetry);
        var message = FormattingTestData.Formatter().Format(input.Notification, context);
        TelegramHtmlValidator.ShouldBeValid(message);
        Snapshot.Match(FormattingTestData.Render(message, context), $"{language}_{@case}", method: method);
    }

    private static TheoryData<string, string> Data(Dictionary<string, (SnsNotification, string, bool)> cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var language in Languages)
        {
            foreach (var name in cases.Keys)
            {
                data.Add(language, name);
            }
        }

        return data;
    }
}
