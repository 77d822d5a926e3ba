using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Testing.Html;

/// <summary>Parses Telegram's HTML parse mode the way Telegram's server does: the same tags, attributes, nesting
/// rules and error messages (byte offsets in UTF-8). Stricter than Telegram in one point: a bare <c>&amp;</c> or an
/// unknown named entity is an error, as the Bot API documentation requires them to be escaped.</summary>
internal static class TelegramHtmlParser
{
    private static readonly HashSet<string> SupportedTags =
    [
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    ];

    private readonly record struct OpenTag(string Name, string Argument, int Offset);

    public static bool TryParse(string html, out string text, out List<RecordedEntity> entities, out string? error)
    {
        var result = new StringBuilder(html.Length);
        entities = [];
        var open = new List<OpenTag>();
        text = string.Empty;
        error = null;
        var n = html.Length;
        var i = 0;
        while (i < n)
        {
            var c = html[i];
            if (c == '&')
            {
                if (!TryDecodeEntity(html, ref i, result, out error))
                {
                    return false;
                }

                continue;
            }

            if (c != '<')
            {
                result.Append(c);
                i++;
                continue;
            }

            var begin = i++;
            if (i < n && html[i] == '/')
            {
                // end tag
                if (open.Count == 0)
                {
                    error = $"Unexpected end tag at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                i++;
                var nameStart = i;
                while (i < n && !IsSpace(html[i]) && html[i] != '>')
                {
                    i++;
                }

                var endName = html[nameStart..i];
                while (i < n && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= n || html[i] != '>')
                {
                    error = $"Unclosed end tag at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                i++;
                var tag = open[^1];
                if (endName.Length > 0 && endName != tag.Name)
                {
                    error = $"Unmatched end tag at byte offset {ByteOffset(html, begin)}, expected \"</{tag.Name}>\", found \"</{endName}>\"";
                    return false;
                }

                var length = result.Length - tag.Offset;
                if (length > 0 && !AddEntity(tag, length, result, open, entities, out error))
                {
                    return false;
                }

                open.RemoveAt(open.Count - 1);
                continue;
            }

            // start tag
            var tagStart = i;
            while (i < n && !IsSpace(html[i]) && html[i] != '>')
            {
                i++;
            }

            if (i >= n)
            {
                error = $"Unclosed start tag at byte offset {ByteOffset(html, begin)}";
                return false;
            }

            var name = html[tagStart..i].ToLowerInvariant();
            if (!SupportedTags.Contains(name))
            {
                error = $"Unsupported start tag \"{name}\" at byte offset {ByteOffset(html, begin)}";
                return false;
            }

            var argument = string.Empty;
            while (html[i] != '>')
            {
                while (i < n && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= n)
                {
                    error = $"Unclosed start tag at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                if (html[i] == '>')
                {
                    break;
                }

                var attributeStart = i;
                while (i < n && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>')
                {
                    i++;
                }

                var attributeName = html[attributeStart..i];
                if (attributeName.Length == 0)
                {
                    error = $"Empty attribute name in the tag \"{name}\" at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                while (i < n && IsSpace(html[i]))
                {
                    i++;
                }

                if (i < n && html[i] != '=' && name == "blockquote" && attributeName == "expandable")
                {
                    // <blockquote expandable>: the only attribute Telegram accepts without a value
                    argument = "1";
                    continue;
                }

                if (i >= n || html[i] != '=')
                {
                    error = $"Expected equal sign in declaration of an attribute of the tag \"{name}\" at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                i++;
                while (i < n && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= n)
                {
                    error = $"Unclosed start tag \"{name}\" at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                string value;
                if (html[i] != '\'' && html[i] != '"')
                {
                    var tokenStart = i;
                    while (i < n && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '.' || html[i] == '-'))
                    {
                        i++;
                    }

                    value = html[tokenStart..i].ToLowerInvariant();
                    if (i >= n || (!IsSpace(html[i]) && html[i] != '>'))
                    {
                        error = $"Unexpected end of name token at byte offset {ByteOffset(html, tokenStart)}";
                        return false;
                    }
                }
                else
                {
                    var quote = html[i++];
                    var builder = new StringBuilder();
                    while (i < n && html[i] != quote)
                    {
                        if (html[i] == '&')
                        {
                            if (!TryDecodeEntity(html, ref i, builder, out error))
                            {
                                return false;
                            }

                            continue;
                        }

                        builder.Append(html[i++]);
                    }

                    if (i < n)
                    {
                        i++;
                    }

                    value = builder.ToString();
                }

                if (i >= n)
                {
                    error = $"Unclosed start tag at byte offset {ByteOffset(html, begin)}";
                    return false;
                }

                if (name == "a" && attributeName == "href")
                {
                    argument = value;
                }
                else if (name == "code" && attributeName == "class" && value.StartsWith("language-", StringComparison.Ordinal))
                {
                    argument = value[9..];
                }
                else if (name == "span" && attributeName == "class" && value.StartsWith("tg-", StringComparison.Ordinal))
                {
                    argument = value[3..];
                }
                else if (name == "tg-emoji" && attributeName == "emoji-id")
                {
                    argument = value;
                }
                else if (name == "blockquote" && attributeName == "expandable")
                {
                    argument = "1";
                }
            }

            i++; // '>'
            if (name == "span" && argument != "spoiler")
            {
                error = $"Tag \"span\" must have class \"tg-spoiler\" at byte offset {ByteOffset(html, begin)}";
                return false;
            }

            open.Add(new OpenTag(name, argument, result.Length));
        }

        if (open.Count > 0)
        {
            error = $"Can't find end tag corresponding to start tag \"{open[^1].Name}\"";
            return false;
        }

        text = result.ToString();
        SortEntities(entities);
        return true;
    }

    internal static void SortEntities(List<RecordedEntity> entities) =>
        entities.Sort(static (a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : b.Length.CompareTo(a.Length));

    private static bool AddEntity(OpenTag tag, int length, StringBuilder result, List<OpenTag> open, List<RecordedEntity> entities, out string? error)
    {
        error = null;
        var offset = tag.Offset;
        switch (tag.Name)
        {
            case "i" or "em":
                entities.Add(new RecordedEntity("italic", offset, length));
                break;
            case "b" or "strong":
                entities.Add(new RecordedEntity("bold", offset, length));
                break;
            case "s" or "strike" or "del":
                entities.Add(new RecordedEntity("strikethrough", offset, length));
                break;
            case "u" or "ins":
                entities.Add(new RecordedEntity("underline", offset, length));
                break;
            case "tg-spoiler" or "span":
                entities.Add(new RecordedEntity("spoiler", offset, length));
                break;
            case "tg-emoji":
                if (!long.TryParse(tag.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var emojiId) || emojiId == 0)
                {
                    error = "Invalid custom emoji identifier specified";
                    return false;
                }

                entities.Add(new RecordedEntity("custom_emoji", offset, length) { CustomEmojiId = tag.Argument });
                break;
            case "a":
                var url = tag.Argument.Length == 0 ? result.ToString(offset, length) : tag.Argument;
                if (MentionedUserId(url) is { } userId)
                {
                    // <a href="tg://user?id=N"> mentions a user by id: Telegram makes it a text_mention
                    entities.Add(new RecordedEntity("text_mention", offset, length) { UserId = userId });
                }
                else if (CheckLink(url) is { } checkedUrl)
                {
                    entities.Add(new RecordedEntity("text_link", offset, length) { Url = checkedUrl });
                }

                break;
            case "pre":
                if (entities.Count > 0 && entities[^1] is { Type: "pre", Language: not null } last && last.Offset == offset && last.Length == length)
                {
                    // <pre><code class="language-x"> already produced the pre entity with its language
                    break;
                }

                entities.Add(new RecordedEntity("pre", offset, length));
                break;
            case "code":
                if (open.Count >= 2 && open[^2].Name == "pre" && open[^2].Offset == offset && tag.Argument.Length > 0)
                {
                    entities.Add(new RecordedEntity("pre", offset, length) { Language = tag.Argument });
                }
                else
                {
                    entities.Add(new RecordedEntity("code", offset, length));
                }

                break;
            case "blockquote":
                entities.Add(new RecordedEntity(tag.Argument.Length == 0 ? "blockquote" : "expandable_blockquote", offset, length));
                break;
            default:
                break;
        }

        return true;
    }

    /// <summary>The user id of a <c>tg://user?id=N</c> link (N a positive integer), or null.</summary>
    private static long? MentionedUserId(string url)
    {
        const string Prefix = "tg://user?id=";
        url = url.Trim();
        return url.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(url.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
    }

    /// <summary>Telegram keeps a link only when it is a valid URL; a link without a scheme gets <c>http://</c>.</summary>
    private static string? CheckLink(string url)
    {
        url = url.Trim();
        if (url.Length == 0)
        {
            return null;
        }

        if (url.StartsWith("tg://", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        var candidate = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "ton")
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return candidate;
    }

    private static bool TryDecodeEntity(string html, ref int i, StringBuilder output, out string? error)
    {
        error = null;
        var start = i;
        var n = html.Length;
        var end = i + 1;
        if (end < n && html[end] == '#')
        {
            end++;
            var hex = end < n && html[end] is 'x' or 'X';
            if (hex)
            {
                end++;
            }

            var digitsStart = end;
            long value = 0;
            while (end < n && (hex ? char.IsAsciiHexDigit(html[end]) : char.IsAsciiDigit(html[end])) && end - start < 12)
            {
                value = (value * (hex ? 16 : 10)) + Convert.ToInt32(html[end].ToString(), hex ? 16 : 10);
                end++;
            }

            if (end == digitsStart || value == 0 || value >= 0x10FFFF || (value is >= 0xD800 and <= 0xDFFF) || end - start >= 10)
            {
                error = $"Unsupported HTML entity \"{html[start..Math.Min(n, end + 1)]}\" at byte offset {ByteOffset(html, start)}";
                return false;
            }

            output.Append(char.ConvertFromUtf32((int)value));
        }
        else
        {
            while (end < n && char.IsAsciiLetter(html[end]))
            {
                end++;
            }

            var name = html[(start + 1)..end];
            switch (name)
            {
                case "lt":
                    output.Append('<');
                    break;
                case "gt":
                    output.Append('>');
                    break;
                case "amp":
                    output.Append('&');
                    break;
                case "quot":
                    output.Append('"');
                    break;
                case "":
                    error = $"Character \"&\" at byte offset {ByteOffset(html, start)} must be escaped as \"&amp;\"";
                    return false;
                default:
                    error = $"Unsupported HTML entity \"&{name};\" at byte offset {ByteOffset(html, start)}";
                    return false;
            }
        }

        i = end < n && html[end] == ';' ? end + 1 : end;
        return true;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v';

    private static int ByteOffset(string html, int charIndex) => Encoding.UTF8.GetByteCount(html.AsSpan(0, Math.Min(charIndex, html.Length)));
}
