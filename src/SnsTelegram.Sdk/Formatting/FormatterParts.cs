using System.Buffers;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>Lines and checks shared by the notification formatters.</summary>
internal static class FormatterParts
{
    /// <summary>The most characters of a post's text shown in a preview line.</summary>
    public const int PreviewLength = 200;

    /// <summary>The most characters of an error message or a detail line.</summary>
    public const int ErrorLength = 1000;

    /// <summary>The most characters of an error message in a photo's caption (at most 1024 characters in all).</summary>
    public const int CaptionErrorLength = 600;

    /// <summary>The most characters of a rule name.</summary>
    public const int NameLength = 200;

    /// <summary>The most characters of a URL shown as link text (the link itself keeps the whole URL).</summary>
    public const int DisplayedUrlLength = 120;

    /// <summary>The longest URL put into a link or a button.</summary>
    public const int MaxUrlLength = 2048;

    private static readonly SearchValues<char> UnsafeUrlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x21).Select(i => (char)i)) + "\"<>\\\u007F" + string.Concat(Enumerable.Range(0x80, 0x20).Select(i => (char)i))
        + string.Concat(Enumerable.Range(0xD800, 0x800).Select(i => (char)i)));

    /// <summary>The trimmed URL when it is an absolute http(s) URL safe for an <c>href</c> and a button; otherwise null.</summary>
    public static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        if (trimmed.Length > MaxUrlLength
            || !(trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (trimmed.AsSpan().IndexOfAny(UnsafeUrlCharacters) >= 0)
        {
            return null;
        }

        // An absolute http(s) URI always has a host: "https://" alone does not parse.
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? trimmed
            : null;
    }

    /// <summary>Checks that the notification names a platform.</summary>
    public static void RequirePlatform(SnsPlatform platform, string paramName)
    {
        if (platform.Id.Length == 0)
        {
            throw new ArgumentException("The notification's Platform is not set.", paramName);
        }
    }

    /// <summary>"📸 Instagram" and a line break.</summary>
    public static void PlatformLine(ref HtmlMessageWriter writer, SnsPlatform platform)
    {
        writer.Raw(platform.Emoji);
        writer.Raw(" ");
        writer.Text(PlatformName(platform));
        writer.NewLine();
    }

    /// <summary>The platform's display name on one line (a host may pass any name).</summary>
    public static string PlatformName(SnsPlatform platform) =>
        platform.IsKnown ? platform.DisplayName : TextShortener.OneLine(platform.DisplayName, 64) is { Length: > 0 } name ? name : "—";

    /// <summary>"📝 preview…" and a line break, when the post has text.</summary>
    public static void PreviewLine(ref HtmlMessageWriter writer, string? preview)
    {
        var line = TextShortener.OneLine(preview, PreviewLength);
        if (line.Length == 0)
        {
            return;
        }

        writer.Raw("📝 ");
        writer.Text(line);
        writer.NewLine();
    }

    /// <summary>"🕒 label: 2026-02-26 19:30 (UTC+09:00)" without a line break.</summary>
    public static void TimeLine(ref HtmlMessageWriter writer, string label, DateTimeOffset instant, TimeZoneInfo zone)
    {
        writer.Raw("🕒 ");
        writer.Raw(label);
        writer.Raw(": ");
        writer.Time(instant, zone);
    }

    /// <summary>"emoji label: value" with the value escaped and shortened to one line, and a line break.</summary>
    public static void LabeledLine(ref HtmlMessageWriter writer, string emoji, string label, string? value, int maxLength, string fallback)
    {
        var line = TextShortener.OneLine(value, maxLength);
        writer.Raw(emoji);
        writer.Raw(" ");
        writer.Raw(label);
        writer.Raw(": ");
        if (line.Length == 0)
        {
            writer.Raw(fallback);
        }
        else
        {
            writer.Text(line);
        }

        writer.NewLine();
    }
}
