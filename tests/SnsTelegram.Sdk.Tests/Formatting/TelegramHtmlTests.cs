using System.Globalization;
using System.Text;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

public sealed class TelegramHtmlTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("<script>&amp;\"", "&lt;script&gt;&amp;amp;\"")]
    [InlineData("a > b & c < d", "a &gt; b &amp; c &lt; d")]
    public void Escape_replaces_markup_characters_in_text(string input, string expected) =>
        TelegramHtml.Escape(input).ShouldBe(expected);

    [Fact]
    public void Escape_attribute_also_escapes_quotes() =>
        TelegramHtml.EscapeAttribute("https://x.com/?a=\"1\"&b=<2>").ShouldBe("https://x.com/?a=&quot;1&quot;&amp;b=&lt;2&gt;");

    [Fact]
    public void Escape_keeps_surrogate_pairs_and_replaces_unpaired_surrogates()
    {
        TelegramHtml.Escape("😀").ShouldBe("😀");
        TelegramHtml.Escape("a\uD83Db").ShouldBe("a\uFFFDb");
        TelegramHtml.Escape("\uDE00\uD83D").ShouldBe("\uFFFD\uFFFD");
    }

    [Theory]
    [InlineData("<b>bold</b> text", 9)]
    [InlineData("&lt;&gt;&amp;&quot;", 4)]
    [InlineData("&#128512;", 2)]
    [InlineData("&#x41;", 1)]
    [InlineData("😀", 2)]
    [InlineData("<a href=\"https://x.com/?a=1&amp;b=2\">link</a>", 4)]
    [InlineData("line\nline", 9)]
    public void Plain_length_counts_utf16_units_after_entity_parsing(string html, int expected) =>
        TelegramHtml.PlainLength(html).ShouldBe(expected);

    [Fact]
    public void Fit_to_limit_returns_a_short_message_unchanged()
    {
        const string html = "<b>title</b>\nline";
        TelegramHtml.FitToLimit(html).ShouldBeSameAs(html);
    }

    [Fact]
    public void Fit_to_limit_cuts_at_a_line_break_and_stays_valid()
    {
        var builder = new StringBuilder("<b>Report</b>\n");
        for (var i = 0; i < 400; i++)
        {
            builder.Append("📸 <b>Platform</b> &amp; line ").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var fitted = TelegramHtml.FitToLimit(builder.ToString());

        TelegramHtml.PlainLength(fitted).ShouldBeLessThanOrEqualTo(4096);
        fitted.ShouldEndWith("\n…");
        fitted.ShouldStartWith("<b>Report</b>\n📸 <b>Platform</b>");
        TelegramHtmlValidator.ValidateHtml(fitted, out _).ShouldBeEmpty();
        builder.ToString().ShouldStartWith(fitted[..^2]);
    }

    [Fact]
    public void Fit_to_limit_cuts_one_huge_line_inside_a_tag_and_closes_it()
    {
        var html = "<b>" + string.Concat(Enumerable.Repeat("x&amp;👨‍👩‍👧", 2000)) + "</b>";

        var fitted = TelegramHtml.FitToLimit(html);

        TelegramHtml.PlainLength(fitted).ShouldBeLessThanOrEqualTo(4096);
        fitted.ShouldEndWith("</b>…");
        TelegramHtmlValidator.ValidateHtml(fitted, out _).ShouldBeEmpty();
        var body = fitted["<b>".Length..^"</b>…".Length];
        body.Length.ShouldBeGreaterThan(4000);
        html.ShouldStartWith("<b>" + body);
        (body.EndsWith('x') || body.EndsWith("&amp;", StringComparison.Ordinal) || body.EndsWith("👨‍👩‍👧", StringComparison.Ordinal))
            .ShouldBeTrue("the cut falls after a whole character, entity or emoji sequence");
    }

    [Fact]
    public void Fit_to_limit_never_splits_a_link()
    {
        var html = new string('a', 4090) + "<a href=\"https://example.com/\">a long link text</a> tail";

        var fitted = TelegramHtml.FitToLimit(html);

        TelegramHtmlValidator.ValidateHtml(fitted, out var plain).ShouldBeEmpty();
        plain.ShouldBeLessThanOrEqualTo(4096);
    }

    [Fact]
    public void One_line_collapses_white_space_and_control_characters()
    {
        TextShortener.OneLine("  first\r\nsecond\t\tthird\0end  ", 100).ShouldBe("first second third end");
        const string clean = "already clean";
        TextShortener.OneLine(clean, 100).ShouldBeSameAs(clean);
        TextShortener.OneLine(null, 10).ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 15)]
    [InlineData("🇰🇷🇰🇷🇰🇷🇰🇷", 6)]
    [InlineData("😀😀😀😀😀", 4)]
    [InlineData("e\u0301e\u0301e\u0301", 4)]
    public void Shorten_cuts_between_graphemes(string text, int max)
    {
        var shortened = TextShortener.Shorten(text, max);

        shortened.Length.ShouldBeLessThanOrEqualTo(max);
        shortened.ShouldEndWith("…");
        var kept = shortened[..^1];
        text.ShouldStartWith(kept);
        var elements = StringInfo.GetTextElementEnumerator(text);
        var boundaries = new HashSet<int> { 0 };
        while (elements.MoveNext())
        {
            boundaries.Add(elements.ElementIndex + ((string)elements.Current).Length);
        }

        boundaries.ShouldContain(kept.Length);
    }

    [Fact]
    public void Shorten_returns_text_that_fits_unchanged()
    {
        const string text = "12345";
        TextShortener.Shorten(text, 5).ShouldBeSameAs(text);
        TextShortener.Shorten("123456", 5).ShouldBe("1234…");
    }

    [Theory]
    [InlineData("<b>ok</b>", true)]
    [InlineData("<b>open", false)]
    [InlineData("<div>x</div>", false)]
    [InlineData("a & b", false)]
    [InlineData("a &nbsp; b", false)]
    [InlineData("a > b", false)]
    [InlineData("<b><i>x</b></i>", false)]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", false)]
    [InlineData("<a href=\"https://x.com/?a=1&amp;b=2\">x</a>", true)]
    [InlineData("<span class=\"tg-spoiler\">s</span> &#128512; &lt;", true)]
    [InlineData("<pre><code class=\"language-csharp\">x</code></pre>", true)]
    [InlineData("", false)]
    public void The_test_validator_accepts_only_what_Telegram_accepts(string html, bool valid) =>
        (TelegramHtmlValidator.ValidateHtml(html, out _).Count == 0).ShouldBe(valid);

    [Fact]
    public void The_test_validator_rejects_unpaired_surrogates() =>
        TelegramHtmlValidator.ValidateHtml("bad \uD83D surrogate", out _).ShouldNotBeEmpty();

    [Fact]
    public void The_test_validator_rejects_more_than_4096_characters()
    {
        TelegramHtmlValidator.ValidateHtml(new string('x', 4096), out _).ShouldBeEmpty();
        TelegramHtmlValidator.ValidateHtml(new string('x', 4097), out _).ShouldNotBeEmpty();
        TelegramHtmlValidator.ValidateHtml(string.Concat(Enumerable.Repeat("&amp;", 4096)), out _).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("UTC", "2026-02-26 10:30 (UTC)")]
    [InlineData("Asia/Seoul", "2026-02-26 19:30 (UTC+09:00)")]
    [InlineData("Asia/Kolkata", "2026-02-26 16:00 (UTC+05:30)")]
    [InlineData("America/St_Johns", "2026-02-26 07:00 (UTC-03:30)")]
    [InlineData("Asia/Kathmandu", "2026-02-26 16:15 (UTC+05:45)")]
    public void Times_show_the_local_time_and_offset(string zone, string expected) =>
        MessageTime.Format(FormattingTestData.Now, TimeZoneInfo.FindSystemTimeZoneById(zone)).ShouldBe(expected);

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(1234L, "1,234")]
    [InlineData(1234567L, "1,234,567")]
    [InlineData(-1234L, "-1,234")]
    [InlineData(long.MaxValue, "9,223,372,036,854,775,807")]
    [InlineData(long.MinValue, "-9,223,372,036,854,775,808")]
    public void Numbers_are_grouped_by_three(long value, string expected)
    {
        Span<char> buffer = stackalloc char[32];
        var written = MessageNumbers.Format(value, ",", buffer);
        buffer[..written].ToString().ShouldBe(expected);
        value.ToString("N0", CultureInfo.InvariantCulture).ShouldBe(expected);
    }
}
