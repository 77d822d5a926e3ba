using System.Globalization;
using System.Text;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>
/// An independent check of what Telegram accepts in HTML parse mode: supported tags only, balanced nesting, only
/// <c>&amp;lt; &amp;gt; &amp;amp; &amp;quot;</c> and numeric entities, no unpaired surrogates, and 1 to 4096 characters after parsing.
/// </summary>
internal static class TelegramHtmlValidator
{
    private static readonly HashSet<string> PlainTags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "pre", "blockquote"];

    public static void ShouldBeValid(TelegramMessage message)
    {
        var errors = Validate(message);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Invalid Telegram message:\n- " + string.Join("\n- ", errors) + "\n--- text ---\n" + Shorten(message.Text));
        }
    }

    public static List<string> Validate(TelegramMessage message)
    {
        var errors = new List<string>();
        if (message.ParseMode == TelegramParseMode.Html)
        {
            errors.AddRange(ValidateHtml(message.Text, out var plainLength));
            if (message.Photo is not null && plainLength > 1024)
            {
                errors.Add($"a caption of {plainLength} characters (Telegram allows 1024)");
            }
        }

        foreach (var row in message.Buttons ?? [])
        {
            if (row.Count == 0)
            {
                errors.Add("an empty keyboard row");
            }

            foreach (var button in row)
            {
                if (string.IsNullOrWhiteSpace(button.Text))
                {
                    errors.Add("a button without text");
                }

                if ((button.Url is null) == (button.CallbackData is null))
                {
                    errors.Add($"button '{button.Text}' must have exactly one of url and callback data");
                }

                if (button.CallbackData is { } data && Encoding.UTF8.GetByteCount(data) is < 1 or > 64)
                {
                    errors.Add($"callback data of '{button.Text}' is not 1-64 bytes");
                }

                if (button.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https")))
                {
                    errors.Add($"button url '{url}' is not absolute http(s)");
                }
            }
        }

        return errors;
    }

    public static List<string> ValidateHtml(string html, out int plainLength)
    {
        var errors = new List<string>();
        var stack = new Stack<string>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < html.Length && errors.Count < 10)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    errors.Add($"unterminated tag at {i}");
                    break;
                }

                ValidateTag(html[(i + 1)..end], stack, errors);
                i = end + 1;
            }
            else if (c == '&')
            {
                if (!TryEntity(html, i, out var length, out var decoded))
                {
                    errors.Add($"bare '&' or unsupported entity at {i}: '{html.Substring(i, Math.Min(10, html.Length - i))}'");
                    i++;
                    continue;
                }

                plain.Append(decoded);
                i += length;
            }
            else if (c == '>')
            {
                errors.Add($"bare '>' at {i}");
                i++;
            }
            else
            {
                if (char.IsHighSurrogate(c) && i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]))
                {
                    plain.Append(c).Append(html[i + 1]);
                    i += 2;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    errors.Add($"unpaired surrogate at {i}");
                }

                plain.Append(c);
                i++;
            }
        }

        if (stack.Count > 0)
        {
            errors.Add("unclosed tags: " + string.Join(", ", stack));
        }

        plainLength = plain.Length;
        if (string.IsNullOrWhiteSpace(plain.ToString()))
        {
            errors.Add("the text is empty after parsing");
        }

        if (plain.Length > 4096)
        {
            errors.Add($"the text has {plain.Length} characters after parsing (Telegram allows 4096)");
        }

        return errors;
    }

    private static void ValidateTag(string tag, Stack<string> stack, List<string> errors)
    {
        if (tag.StartsWith('/'))
        {
            var closing = tag[1..].Trim();
            if (stack.Count == 0 || stack.Peek() != closing)
            {
                errors.Add($"closing </{closing}> does not match {(stack.Count == 0 ? "nothing" : "<" + stack.Peek() + ">")}");
            }
            else
            {
                stack.Pop();
            }

            return;
        }

        var space = tag.IndexOf(' ');
        var name = space < 0 ? tag : tag[..space];
        var attributes = space < 0 ? string.Empty : tag[(space + 1)..].Trim();
        var ok = name switch
        {
            "a" => IsAttribute(attributes, "href", v => Uri.TryCreate(Decode(v), UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "tg"),
            "span" => attributes == "class=\"tg-spoiler\"",
            "tg-emoji" => IsAttribute(attributes, "emoji-id", v => v.All(char.IsAsciiDigit)),
            "code" => attributes.Length == 0 || (stack.Count > 0 && stack.Peek() == "pre" && IsAttribute(attributes, "class", v => v.StartsWith("language-", StringComparison.Ordinal))),
            "blockquote" => attributes is "" or "expandable",
            _ => PlainTags.Contains(name) && attributes.Length == 0,
        };
        if (!ok)
        {
            errors.Add($"unsupported tag or attributes: <{tag}>");
        }

        stack.Push(name);
    }

    private static bool IsAttribute(string attributes, string name, Func<string, bool> valueCheck)
    {
        var prefix = name + "=\"";
        if (!attributes.StartsWith(prefix, StringComparison.Ordinal) || !attributes.EndsWith('"'))
        {
            return false;
        }

        var value = attributes[prefix.Length..^1];
        if (value.Contains('"') || value.Contains('<'))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '&' && !TryEntity(value, i, out _, out _))
            {
                return false;
            }
        }

        return valueCheck(value);
    }

    private static string Decode(string value) =>
        value.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&amp;", "&");

    private static bool TryEntity(string text, int start, out int length, out string decoded)
    {
        length = 0;
        decoded = string.Empty;
        foreach (var (entity, value) in new[] { ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("&quot;", "\"") })
        {
            if (string.CompareOrdinal(text, start, entity, 0, entity.Length) == 0)
            {
                length = entity.Length;
                decoded = value;
                return true;
            }
        }

        if (start + 2 < text.Length && text[start + 1] == '#')
        {
            var semicolon = text.IndexOf(';', start);
            if (semicolon < 0)
            {
                return false;
            }

            var body = text[(start + 2)..semicolon];
            var hex = body.StartsWith('x') || body.StartsWith('X');
            if (int.TryParse(hex ? body[1..] : body, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                && code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
            {
                length = semicolon - start + 1;
                decoded = char.ConvertFromUtf32(code);
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…(" + text.Length + " characters)";
}
