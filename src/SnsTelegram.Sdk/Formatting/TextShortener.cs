using System.Buffers;
using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>Shortens user text for a message line on grapheme boundaries (never inside a surrogate pair or an emoji sequence).</summary>
internal static class TextShortener
{
    /// <summary>Control characters and every white space except the plain space.</summary>
    private static readonly SearchValues<char> ControlOrSpecialWhiteSpace = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => char.IsControl(c) || (c != ' ' && char.IsWhiteSpace(c)))));

    /// <summary>
    /// Makes <paramref name="text"/> one line: control characters and runs of white space become one space, the ends are
    /// trimmed, and a text longer than <paramref name="maxLength"/> UTF-16 units is cut after its last whole grapheme
    /// that fits and ends with an ellipsis. Returns the same instance when nothing changes.
    /// </summary>
    public static string OneLine(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = NeedsCleaning(text) ? Clean(text) : text;
        return Shorten(clean, maxLength);
    }

    /// <summary>
    /// Returns <paramref name="text"/> when it has at most <paramref name="maxLength"/> UTF-16 units; otherwise its longest
    /// prefix of whole graphemes that, with a trailing ellipsis, fits.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var budget = maxLength - TelegramHtml.Ellipsis.Length;
        var end = 0;
        while (end < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text.AsSpan(end));
            if (end + next > budget)
            {
                break;
            }

            end += next;
        }

        var kept = text.AsSpan(0, end).TrimEnd();
        return string.Concat(kept, TelegramHtml.Ellipsis);
    }

    private static bool NeedsCleaning(string text) =>
        text[0] == ' ' || text[^1] == ' '
        || text.AsSpan().IndexOfAny(ControlOrSpecialWhiteSpace) >= 0
        || text.Contains("  ", StringComparison.Ordinal);

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
