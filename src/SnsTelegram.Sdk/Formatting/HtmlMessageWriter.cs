using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// Writes a Telegram HTML message into a per-thread reused <see cref="StringBuilder"/> and counts the characters
/// Telegram will see (after entity parsing) as it goes. Template text passed to <see cref="Raw"/> must be free of
/// markup characters; everything from users goes through <see cref="Text"/>.
/// </summary>
internal ref struct HtmlMessageWriter
{
    private const int MaxCachedCapacity = 16 * 1024;

    [ThreadStatic]
    private static StringBuilder? cachedBuilder;

    private StringBuilder? _builder;

    private HtmlMessageWriter(StringBuilder builder)
    {
        _builder = builder;
        PlainLength = 0;
    }

    /// <summary>The characters written so far, as Telegram counts them.</summary>
    public int PlainLength { get; private set; }

    private readonly StringBuilder Builder => _builder ?? throw new InvalidOperationException("The writer was already turned into a string.");

    /// <summary>Starts a message.</summary>
    public static HtmlMessageWriter Create()
    {
        var builder = cachedBuilder ?? new StringBuilder(1024);
        cachedBuilder = null;
        builder.Clear();
        return new HtmlMessageWriter(builder);
    }

    /// <summary>Appends template text that contains no markup characters.</summary>
    public void Raw(string text)
    {
        Builder.Append(text);
        PlainLength += text.Length;
    }

    /// <summary>Appends user text, escaped.</summary>
    public void Text(ReadOnlySpan<char> text) => PlainLength += TelegramHtml.AppendEscaped(Builder, text);

    /// <summary>Appends <c>&lt;b&gt;text&lt;/b&gt;</c> (the text escaped).</summary>
    public void Bold(ReadOnlySpan<char> text)
    {
        Builder.Append("<b>");
        Text(text);
        Builder.Append("</b>");
    }

    /// <summary>Appends a link; <paramref name="href"/> must be an absolute http(s) URL checked by <see cref="FormatterParts.SafeUrl"/>.</summary>
    public void Link(string href, ReadOnlySpan<char> text)
    {
        var builder = Builder;
        builder.Append("<a href=\"");
        TelegramHtml.AppendEscaped(builder, href, attribute: true);
        builder.Append("\">");
        Text(text);
        builder.Append("</a>");
    }

    /// <summary>Appends a line break.</summary>
    public void NewLine()
    {
        Builder.Append('\n');
        PlainLength++;
    }

    /// <summary>Appends a number with a comma between groups of three digits (<c>1,234</c>).</summary>
    public void Number(long value, NumberFormatInfo format)
    {
        Span<char> buffer = stackalloc char[32];
        var written = MessageNumbers.Format(value, format.NumberGroupSeparator, buffer);
        Builder.Append(buffer[..written]);
        PlainLength += written;
    }

    /// <summary>Appends an instant in <paramref name="zone"/> as <c>2026-02-26 19:30 (UTC+09:00)</c>.</summary>
    public void Time(DateTimeOffset instant, TimeZoneInfo zone)
    {
        Span<char> buffer = stackalloc char[40];
        var written = MessageTime.Format(instant, zone, buffer);
        Builder.Append(buffer[..written]);
        PlainLength += written;
    }

    /// <summary>Finishes the message and returns the reused buffer.</summary>
    public string ToStringAndReturn()
    {
        var builder = Builder;
        var text = builder.ToString();
        _builder = null;
        if (builder.Capacity <= MaxCachedCapacity)
        {
            cachedBuilder = builder;
        }

        return text;
    }
}
