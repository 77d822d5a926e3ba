using System.Text;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>Thousands of random notifications (fixed seed) with hostile text: every message must be valid Telegram HTML.</summary>
public sealed class RandomNotificationTests
{
    private static readonly string[] Zones = ["UTC", "Asia/Seoul", "Asia/Kolkata", "Australia/Adelaide", "America/St_Johns", "Pacific/Chatham", "America/New_York", "Asia/Kathmandu"];

    private static readonly string[] Pieces =
    [
        "<", ">", "&", "\"", "'", "&amp;", "&lt;", "&#128512;", "&#x1F600;", "&bogus;", "<b>", "</b>", "<a href=\"javascript:x\">", "</a>", "<script>", "<pre><code>",
        "😀", "👨‍👩‍👧‍👦", "🇰🇷", "👍🏽", "e\u0301", "\u200D", "\u200F", "가나다", "テスト", "\uD83D", "\uDE00", "\n", "\r\n", "\t", "\0", "\u0007", "  ",
        "https://example.com/a?b=1&c=2", "http://x", "javascript:alert(1)", "word", "Instagram", " ", "…",
    ];

    private static readonly string[] Urls =
    [
        "https://www.instagram.com/p/abc/", "http://example.com/x?y=1&z=\"2\"", "javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.com/",
        "https://", "//example.com/p", "https://exa mple.com/", "https://example.com/<script>", "HTTPS://EXAMPLE.COM/UP", "https://例え.jp/パス",
        "https://example.com/" + new string('a', 3000),
    ];

    [Fact]
    public void Three_thousand_random_notifications_render_valid_messages()
    {
        var random = new Random(20260226);
        var formatter = FormattingTestData.Formatter();
        for (var i = 0; i < 3000; i++)
        {
            var notification = RandomNotification(random);
            var context = FormattingTestData.Context(random.Next(2) == 0 ? "ko" : "en", Zones[random.Next(Zones.Length)], random.Next(2) == 0);
            var message = formatter.Format(notification, context);
            var errors = TelegramHtmlValidator.Validate(message);
            if (errors.Count > 0)
            {
                throw new Xunit.Sdk.XunitException($"Case {i} ({notification.Type}): {string.Join("; ", errors)}");
            }

            message.Text.Any(c => c < ' ' && c != '\n').ShouldBeFalse($"case {i}: control characters other than line breaks");
            TelegramHtmlValidator.ValidateHtml(message.Text, out var plain);
            TelegramHtml.PlainLength(message.Text).ShouldBe(plain, $"case {i}");
            foreach (var button in message.Buttons?.SelectMany(r => r) ?? [])
            {
                if (button.Url is not null)
                {
                    message.Text.ShouldContain("href=\"" + TelegramHtml.EscapeAttribute(button.Url) + "\"", Case.Sensitive, $"case {i}");
                }
            }
        }
    }

    private static SnsNotification RandomNotification(Random random)
    {
        DateTimeOffset? When() => random.Next(4) == 0 ? null : new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 365));
        long? Metric() => random.Next(3) switch { 0 => null, 1 => random.NextInt64(0, 100_000), _ => random.Next(10) == 0 ? long.MaxValue : random.NextInt64(0, long.MaxValue) };
        var user = "u" + random.Next(1000);
        return random.Next(5) switch
        {
            0 => new PostPublished(user, RandomPlatform(random), RandomText(random), RandomUrl(random), Metric(), Metric(), When()) { Shares = Metric(), Views = Metric(), PostId = RandomText(random) },
            1 => new PostFailed(user, RandomPlatform(random), RandomText(random), RandomText(random), When()) { PostId = random.Next(3) == 0 ? null : RandomText(random) },
            2 => new AutomationExecuted(user, RandomText(random) ?? string.Empty, [.. Enumerable.Range(0, random.Next(0, random.Next(10) == 0 ? 200 : 12)).Select(_ => RandomPlatform(random))], When(), (AutomationStatus)random.Next(3))
            {
                Detail = RandomText(random),
            },
            3 => new DailySummary(
                user,
                new DateOnly(2026, 1, 1).AddDays(random.Next(365)),
                random.Next(3) == 0 ? 0 : random.Next(0, 100_000),
                random.Next(0, 100_000),
                random.Next(0, 1000),
                random.NextInt64(0, long.MaxValue / 2),
                [.. Enumerable.Range(0, random.Next(0, random.Next(10) == 0 ? 600 : 20)).Select(_ => new PlatformSummary(
                    RandomPlatform(random), random.Next(0, 1000), random.Next(0, 1000), random.Next(0, 10), random.NextInt64(0, 1L << 40), random.Next(), random.Next(), random.Next(3) == 0 ? 0 : random.NextInt64(0, 1L << 50)))]),
            _ => new TestMessage(user),
        };
    }

    private static SnsPlatform RandomPlatform(Random random)
    {
        if (random.Next(2) == 0)
        {
            var known = SnsPlatform.KnownIds.ToArray();
            return SnsPlatform.Parse(known[random.Next(known.Length)]);
        }

        var name = RandomText(random, maxLength: 80);
        return SnsPlatform.TryParse(name?.Length > 64 ? name[..64] : name, out var platform) ? platform : SnsPlatform.Parse("fallback <&>");
    }

    private static string? RandomUrl(Random random) => random.Next(4) switch
    {
        0 => null,
        1 => RandomText(random),
        _ => Urls[random.Next(Urls.Length)],
    };

    private static string? RandomText(Random random, int? maxLength = null)
    {
        if (random.Next(8) == 0)
        {
            return null;
        }

        var length = maxLength ?? random.Next(20) switch
        {
            0 => random.Next(5_000, 25_000),
            < 4 => random.Next(100, 1_500),
            _ => random.Next(0, 80),
        };
        var builder = new StringBuilder(length + 32);
        while (builder.Length < length)
        {
            switch (random.Next(4))
            {
                case 0:
                    builder.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1:
                    // any UTF-16 code unit, unpaired surrogates included
                    builder.Append((char)random.Next(0, 0x10000));
                    break;
                case 2:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)));
                    break;
                default:
                    builder.Append((char)random.Next(0x20, 0x7F));
                    break;
            }
        }

        return builder.ToString();
    }
}
