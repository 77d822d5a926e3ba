using System.Text;
using CsCheck;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>Generators of hostile input shared by the fuzz tests: text, JSON values and mutated bytes.</summary>
public static class FuzzGen
{
    private static readonly string[] Pieces =
    [
        "<", ">", "&", "\"", "'", "\\", "&amp;", "&lt;", "&#128512;", "&#x1F600;", "&#xD800;", "&bogus;", "<b>", "</b>", "<a href=\"javascript:x\">", "</a>",
        "<tg-spoiler>", "<pre><code class=\"x\">", "😀", "👨‍👩‍👧‍👦", "🇰🇷", "👍🏽", "e\u0301", "\u200D", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2067",
        "\u2069", "\uFEFF", "\uFFFD", "\uFFFF", "가나다", "テスト", "\uD83D", "\uDE00", "\n", "\r\n", "\t", "\0", "\u0007", "\u001B", "\u007F", "\u0085", "  ",
        "https://example.com/a?b=1&c=2", "javascript:alert(1)", "Instagram", "instagram", "09:00", "23:59", "Asia/Seoul", "ko", "en", "post_success",
        "9223372036854775807", "-9223372036854775808", "1e309", "…",
    ];

    /// <summary>A UTF-16 code unit of any value, unpaired surrogates included.</summary>
    public static readonly Gen<char> AnyChar = Gen.Char[char.MinValue, char.MaxValue];

    /// <summary>Hostile text: pieces that break HTML and Unicode, random code units, emoji; sometimes very long.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 12].Select(parts => string.Concat(parts))),
        (3, Gen.String[AnyChar, 0, 40]),
        (2, Gen.Int[0x1F300, 0x1FAFF].Select(char.ConvertFromUtf32).Array[0, 10].Select(parts => string.Concat(parts))),
        (1, Gen.Select(Gen.Int[0, Pieces.Length - 1], Gen.Int[1, 3000], (i, n) => string.Concat(Enumerable.Repeat(Pieces[i], n)))));

    /// <summary>A number as JSON text: small, huge, negative, fractional, exponent.</summary>
    public static readonly Gen<string> JsonNumber = Gen.OneOf(
        Gen.Int[-5, 100_000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("1e309", "-0", "0.5", "99999999999999999999999999999", "1E+2", "12345678901234567890.5"));

    /// <summary>A JSON value, nested up to <paramref name="depth"/> levels, with field names drawn from <paramref name="names"/> or hostile text.</summary>
    public static Gen<string> JsonValue(IReadOnlyList<string> names, int depth) => depth <= 0
        ? Gen.Frequency((4, Text.Select(Quote)), (2, JsonNumber), (1, Gen.OneOf("null", "true", "false")))
        : Gen.Frequency(
            (4, Text.Select(Quote)),
            (2, JsonNumber),
            (1, Gen.OneOf("null", "true", "false")),
            (1, JsonValue(names, depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, JsonObject(names, depth - 1)));

    /// <summary>A JSON object whose fields are mostly from <paramref name="names"/>.</summary>
    public static Gen<string> JsonObject(IReadOnlyList<string> names, int depth) =>
        Gen.Select(Gen.Frequency((5, Gen.Int[0, names.Count - 1].Select(i => names[i])), (1, Text)), JsonValue(names, depth), (name, value) => Quote(name) + ":" + value)
            .Array[0, 6]
            .Select(fields => "{" + string.Join(",", fields) + "}");

    /// <summary><paramref name="json"/> as UTF-8 with random bytes flipped, inserted or cut out (broken UTF-8 included).</summary>
    public static Gen<byte[]> Mutated(Gen<string> json) =>
        Gen.Select(json, Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte).Array[0, 4], (text, edits) =>
            {
                var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
                foreach (var (kind, at, value) in edits)
                {
                    var i = bytes.Count == 0 ? 0 : at % bytes.Count;
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0:
                            bytes[i] = value;
                            break;
                        case 1:
                            bytes.Insert(i, value);
                            break;
                        case 2 when bytes.Count > 0:
                            bytes.RemoveAt(i);
                            break;
                        default:
                            bytes.InsertRange(i, new byte[][] { [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80] }[value % 5]);
                            break;
                    }
                }

                return bytes.ToArray();
            });

    /// <summary>
    /// <paramref name="text"/> as a JSON string literal, written by hand so broken text survives: unpaired surrogates
    /// become <c>\uD800</c>-style escapes (as an attacker would send them) and control characters <c>\u00XX</c>.
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    if (c < ' ' || char.IsSurrogate(c) || c == '\u007F')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
