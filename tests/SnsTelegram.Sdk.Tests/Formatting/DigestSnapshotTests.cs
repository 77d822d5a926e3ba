using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>Locks the digest message in Korean and English: a few events, many, and 200 posts within Telegram's 4096 characters.</summary>
public sealed class DigestSnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 2, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, (IReadOnlyList<DigestItem> Items, bool Held, int MaxListed)> Cases = new()
    {
        ["few"] = (
        [
            Item(1, SnsPlatform.Instagram, "오늘의 신제품 소개! 봄 시즌 컬렉션을 만나보세요 🌸", "https://www.instagram.com/p/C1a2b3c4d5/"),
            Item(2, SnsPlatform.Twitter, "Spring launch thread 🧵", "https://x.com/acme/status/1894000000000000000"),
            Item(3, SnsPlatform.Facebook, "Campaign post", null, failed: true),
            new DigestItem { Key = "automation_executed:4", UserId = "u", NotificationType = NotificationTypes.AutomationExecuted, Title = "Daily Instagram Post", CreatedAt = At },
        ], false, 10),
        ["held_hostile"] = (
        [
            Item(1, SnsPlatform.Parse("Mastodon & <Friends>"), FormattingTestData.Hostile + " </a><b>", "javascript:alert(1)"),
            Item(2, SnsPlatform.YouTube, null, "https://youtu.be/x?a=1&b=\"2\""),
        ], true, 10),
        ["many"] = ([.. Enumerable.Range(1, 22).Select(i => Item(i, i % 3 == 0 ? SnsPlatform.TikTok : SnsPlatform.Instagram, $"Post number {i} of the week", $"https://example.com/p/{i}", failed: i % 7 == 0))], false, 10),
        ["200_posts"] = ([.. Enumerable.Range(1, 200).Select(i => Item(i, SnsPlatform.Parse($"Network {i:000} with a rather long platform name"), FormattingTestData.LongPreview(), $"https://example.com/a/very/long/path/to/post/{i}?utm_source=telegram&utm_medium=digest"))], false, 50),
    };

    public static TheoryData<string, string> Data()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in (string[])["ko", "en"])
        {
            foreach (var name in Cases.Keys)
            {
                data.Add(language, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Data))]
    public void Digest(string language, string @case)
    {
        var (items, held, maxListed) = Cases[@case];
        var context = FormattingTestData.Context(language);
        var message = DigestFormatter.Format(items, held, maxListed, MessageTexts.For(language));
        TelegramHtmlValidator.ShouldBeValid(message);
        TelegramHtml.PlainLength(message.Text).ShouldBeLessThanOrEqualTo(TelegramHtml.MaxMessageLength);
        Snapshot.Match(FormattingTestData.Render(message, context), $"{language}_{@case}");
    }

    [Fact]
    public void Every_event_is_counted_whatever_is_listed()
    {
        var items = Enumerable.Range(1, 200).Select(i => Item(i, SnsPlatform.Instagram, "x", null, failed: i <= 12)).ToArray();
        var text = DigestFormatter.Format(items, held: false, maxListed: 10, MessageTexts.English).Text;
        text.ShouldContain("📝 Posts: 200");
        text.ShouldContain("✅ Succeeded: 188");
        text.ShouldContain("❌ Failed: 12");
        text.ShouldEndWith("➕ and 190 more");
    }

    private static DigestItem Item(int n, SnsPlatform platform, string? title, string? url, bool failed = false) => new()
    {
        Key = $"post:{n}",
        UserId = "u",
        NotificationType = failed ? NotificationTypes.PostFailure : NotificationTypes.PostSuccess,
        Platform = platform.Id,
        Title = title,
        Url = url,
        Failed = failed,
        CreatedAt = At,
    };
}
