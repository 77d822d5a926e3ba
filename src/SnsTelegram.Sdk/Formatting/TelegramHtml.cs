using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// Telegram's HTML parse mode: escaping, the length Telegram counts (UTF-16 code units of the text after entity
/// parsing) and shortening a whole message without cutting inside a tag or an entity.
/// </summary>
internal static class TelegramHtml
{
    /// <summary>The most characters a <c>sendMessage</c> text may have after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>The most characters of a photo's caption after entity parsing.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>The ellipsis that marks shortened text.</summary>
    public const string Ellipsis = "…";

    /// <summary>The replacement for an unpaired surrogate, which Telegram cannot receive as UTF-8.</summary>
    public const char ReplacementCharacter = '\uFFFD';

    /// <summary>Escapes text for an HTML message body: <c>&amp; &lt; &gt;</c>; unpaired surrogates become U+FFFD.</summary>
    public static string Escape(string? text) => EscapeCore(text, attribute: false);

    /// <summary>Escapes text for an attribute value: <c>&amp; &lt; &gt; &quot;</c>; unpaired surrogates become U+FFFD.</summary>
    public static string EscapeAttribute(string? text) => EscapeCore(text, attribute: true);

    /// <summary>
    /// Appends <paramref name="text"/> escaped. Returns the characters it adds after entity parsing, which is always
    /// <c>text.Length</c> (an unpaired surrogate is replaced by one character).
    /// </summary>
    public static int AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text, bool attribute = false)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement;
            switch (c)
            {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"' when attribute:
                    replacement = "&quot;";
                    break;
                default:
                    if (!char.IsSurrogate(c))
                    {
                        continue;
                    }

                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        i++;
                        continue;
                    }

                    replacement = "\uFFFD";
                    break;
            }

            builder.Append(text[start..i]).Append(replacement);
            start = i + 1;
        }

        builder.Append(text[start..]);
        return text.Length;
    }

    /// <summary>
    /// The length Telegram counts for an HTML text: UTF-16 code units of the text once tags are removed and entities
    /// decoded (a numeric entity above U+FFFF counts two).
    /// </summary>
    public static int PlainLength(ReadOnlySpan<char> html)
    {
        var length = 0;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                i = SkipTag(html, i);
            }
            else if (c == '&' && TryReadEntity(html, i, out var entityLength, out var units))
            {
                length += units;
                i += entityLength;
            }
            else
            {
                length++;
                i++;
            }
        }

        return length;
    }

    /// <summary>
    /// Returns <paramref name="html"/> unchanged when it fits <paramref name="maxLength"/> characters after parsing;
    /// otherwise shortens it, preferably at a line break, never inside a tag, an entity or a grapheme, closes the
    /// tags left open and ends it with an ellipsis.
    /// </summary>
    public static string FitToLimit(string html, int maxLength = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (html.Length <= maxLength || PlainLength(html) <= maxLength)
        {
            return html;
        }

        // Keep room for "\n…" (or "…").
        var budget = maxLength - 2;
        var open = new List<string>();
        string[]? openAtLine = null;
        var lineCut = -1;
        var lineCutPlain = 0;
        var plain = 0;
        var cut = html.Length;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = SkipTag(html, i);
                TrackTag(html.AsSpan(i, end - i), open);
                i = end;
                continue;
            }

            if (c == '\n')
            {
                if (plain + 1 > budget)
                {
                    cut = i;
                    break;
                }

                lineCut = i;
                lineCutPlain = plain;
                openAtLine = [.. open];
                plain++;
                i++;
                continue;
            }

            int unitLength;
            int units;
            if (c == '&' && TryReadEntity(html, i, out var entityLength, out var entityUnits))
            {
                unitLength = entityLength;
                units = entityUnits;
            }
            else
            {
                var run = TextRun(html.AsSpan(i));
                unitLength = StringInfo.GetNextTextElementLength(run);
                units = unitLength;
            }

            if (plain + units > budget)
            {
                cut = i;
                break;
            }

            plain += units;
            i += unitLength;
        }

        var builder = new StringBuilder(cut + 64);
        IEnumerable<string> toClose;
        if (lineCut >= 0 && lineCutPlain >= budget / 2)
        {
            builder.Append(html, 0, lineCut);
            toClose = openAtLine!;
            CloseTags(builder, toClose);
            builder.Append('\n').Append('…');
        }
        else
        {
            builder.Append(html, 0, cut);
            TrimTrailingWhitespace(builder);
            CloseTags(builder, open);
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static ReadOnlySpan<char> TextRun(ReadOnlySpan<char> html)
    {
        // A grapheme never spans markup; 256 characters bound the look-ahead on long texts.
        var window = html[..Math.Min(html.Length, 256)];
        var end = window.IndexOfAny('<', '&', '\n');
        return end < 0 ? window : end == 0 ? window[..1] : window[..end];
    }

    private static void CloseTags(StringBuilder builder, IEnumerable<string> open)
    {
        foreach (var name in open.Reverse())
        {
            builder.Append("</").Append(name).Append('>');
        }
    }

    private static void TrimTrailingWhitespace(StringBuilder builder)
    {
        while (builder.Length > 0 && builder[^1] is ' ' or '\t')
        {
            builder.Length--;
        }
    }

    private static void TrackTag(ReadOnlySpan<char> tag, List<string> open)
    {
        // tag is "<name ...>" or "</name>"
        var closing = tag.Length > 1 && tag[1] == '/';
        var nameStart = closing ? 2 : 1;
        var nameEnd = nameStart;
        while (nameEnd < tag.Length && (char.IsAsciiLetterOrDigit(tag[nameEnd]) || tag[nameEnd] == '-'))
        {
            nameEnd++;
        }

        var name = tag[nameStart..nameEnd].ToString().ToLowerInvariant();
        if (name.Length == 0)
        {
            return;
        }

        if (closing)
        {
            var index = open.FindLastIndex(n => n == name);
            if (index >= 0)
            {
                open.RemoveRange(index, open.Count - index);
            }
        }
        else if (tag[^2] != '/')
        {
            open.Add(name);
        }
    }

    private static int SkipTag(ReadOnlySpan<char> html, int start)
    {
        var quote = '\0';
        for (var i = start + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }

    private static bool TryReadEntity(ReadOnlySpan<char> html, int start, out int length, out int units)
    {
        length = 0;
        units = 1;
        var rest = html[(start + 1)..];
        var semicolon = rest.IndexOf(';');
        if (semicolon <= 0 || semicolon > 10)
        {
            return false;
        }

        var body = rest[..semicolon];
        if (body[0] == '#')
        {
            var isHex = body.Length > 1 && (body[1] == 'x' || body[1] == 'X');
            var digits = isHex ? body[2..] : body[1..];
            if (!int.TryParse(digits, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 0)
            {
                return false;
            }

            units = code > 0xFFFF ? 2 : 1;
        }
        else if (!(body is "lt" or "gt" or "amp" or "quot"))
        {
            return false;
        }

        length = semicolon + 2;
        return true;
    }

    private static string EscapeCore(string? text, bool attribute)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        AppendEscaped(builder, text, attribute);
        return builder.Length == text.Length && builder.Equals(text) ? text : builder.ToString();
    }
}
