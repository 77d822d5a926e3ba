using CsCheck;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Tests.Formatting;

namespace SnsTelegram.Sdk.Tests.Fuzzing;

/// <summary>
/// Bounded fuzzing of the HTML formatter: random Unicode (surrogate pairs and halves, bidi controls, control characters),
/// giant and negative numbers, long texts and many platforms. No exception escapes, and every message is valid Telegram
/// HTML within Telegram's limits (4096 characters of text, 1024 of caption).
/// </summary>
public sealed class HtmlFormatterFuzzTests
{
    private static readonly string[] Zones = ["UTC", "Asia/Seoul", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati"];

    private static readonly Gen<string?> MaybeText = Gen.Frequency((1, Gen.Const((string?)null)), (7, FuzzGen.Text.Select(t => (string?)t)));

    private static readonly Gen<long?> Metric = Gen.Frequency(
        (1, Gen.Const((long?)null)),
        (2, Gen.Long[0, 100_000].Select(l => (long?)l)),
        (2, Gen.Long.Select(l => (long?)l)),
        (1, Gen.OneOf<long?>(long.MaxValue, long.MinValue, -1, 999_999_999_999)));

    private static readonly Gen<DateTimeOffset?> When = Gen.Frequency(
        (1, Gen.Const((DateTimeOffset?)null)),
        (4, Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => (DateTimeOffset?)new DateTimeOffset(t, TimeSpan.Zero))),
        (4, Gen.Int[-600_000, 600_000].Select(m => (DateTimeOffset?)FormattingTestData.Now.AddMinutes(m))));

    private static readonly Gen<SnsPlatform> Platform = Gen.Frequency(
        (2, Gen.OneOf([.. SnsPlatform.KnownIds]).Select(SnsPlatform.Parse)),
        (1, FuzzGen.Text.Select(t => SnsPlatform.TryParse(t.Length > 64 ? t[..64] : t, out var p) ? p : SnsPlatform.Parse("fallback <&>"))));

    private static readonly Gen<string?> Url = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (2, MaybeText),
        (2, Gen.OneOf<string?>("https://www.instagram.com/p/abc/", "javascript:alert(1)", "https://example.com/<script>\"", "https://例え.jp/パス", "https://example.com/" + new string('a', 5000))));

    private static readonly Gen<string?> ImageUrl = Gen.OneOf<string?>(null, null, "https://example.com/a.jpg", "https://example.com/p?x=1&y=<2>");

    private static readonly Gen<SnsNotification> Notification = Gen.OneOf<SnsNotification>(
        Gen.Select(Platform, MaybeText, Url, Metric, Metric, When, Gen.Select(Metric, Metric, MaybeText, ImageUrl))
            .Select(t => (SnsNotification)new PostPublished("fuzz", t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6)
            {
                Shares = t.Item7.Item1,
                Views = t.Item7.Item2,
                PostId = t.Item7.Item3,
                ImageUrl = t.Item7.Item4,
            }),
        Gen.Select(Platform, MaybeText, MaybeText, When, MaybeText, ImageUrl)
            .Select(t => (SnsNotification)new PostFailed("fuzz", t.Item1, t.Item2, t.Item3, t.Item4) { PostId = t.Item5, ImageUrl = t.Item6 }),
        Gen.Select(FuzzGen.Text, Platform.Array[0, 40], When, Gen.Int[0, 2], MaybeText)
            .Select(t => (SnsNotification)new AutomationExecuted("fuzz", t.Item1, t.Item2, t.Item3, (AutomationStatus)t.Item4) { Detail = t.Item5 }),
        Gen.Select(Gen.Int[-1000, 1000], Gen.Int, Gen.Int, Gen.Int, Gen.Long, Gen.Select(Platform, Gen.Int, Gen.Int, Gen.Int, Gen.Long, Gen.Long, Gen.Long, Gen.Long).Array[0, 60])
            .Select(t => (SnsNotification)new DailySummary(
                "fuzz",
                new DateOnly(2026, 1, 1).AddDays(t.Item1),
                t.Item2,
                t.Item3,
                t.Item4,
                t.Item5,
                [.. t.Item6.Select(p => new PlatformSummary(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5, p.Item6, p.Item7, p.Item8))])),
        Gen.Const<SnsNotification>(new TestMessage("fuzz")));

    [Fact]
    public void Random_notifications_render_valid_telegram_html_within_the_limits()
    {
        var formatter = FormattingTestData.Formatter();
        Gen.Select(Notification, Gen.Bool, Gen.Int[0, Zones.Length - 1], Gen.Bool).Sample(
            (notification, korean, zone, canRetry) =>
            {
                var message = formatter.Format(notification, FormattingTestData.Context(korean ? "ko" : "en", Zones[zone], canRetry));

                TelegramHtmlValidator.ShouldBeValid(message);
                TelegramHtml.PlainLength(message.Text).ShouldBeLessThanOrEqualTo(message.Photo is null ? TelegramHtml.MaxMessageLength : TelegramHtml.MaxCaptionLength);
                message.Text.ShouldAllBe(c => !char.IsControl(c) || c == '\n');
            },
            time: FuzzBudget.Seconds(10),
            threads: 1,
            print: t => t.Item1.ToString());
    }
}
