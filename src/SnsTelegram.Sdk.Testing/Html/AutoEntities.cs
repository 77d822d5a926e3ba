using System.Text.RegularExpressions;

namespace SnsTelegram.Sdk.Testing.Html;

/// <summary>The entities Telegram finds by itself in message text: <c>url</c>, <c>email</c>, <c>mention</c>,
/// <c>hashtag</c>, <c>cashtag</c> and <c>bot_command</c>; never inside code, pre, links or custom emoji.</summary>
internal static partial class AutoEntities
{
    private static readonly HashSet<string> Opaque = ["code", "pre", "text_link", "text_mention", "custom_emoji", "url", "email"];

    public static List<RecordedEntity> Add(string text, List<RecordedEntity> entities)
    {
        List<RecordedEntity>? found = null;
        foreach (Match match in Pattern().Matches(text))
        {
            var group = match.Groups["url"].Success ? "url"
                : match.Groups["email"].Success ? "email"
                : match.Groups["mention"].Success ? "mention"
                : match.Groups["hashtag"].Success ? "hashtag"
                : match.Groups["cashtag"].Success ? "cashtag"
                : "command";
            var value = match.Groups[group];
            var length = value.Length;
            if (group == "url")
            {
                // trailing punctuation ends a sentence, not the link
                while (length > 0 && ".,;:!?'\")".Contains(text[value.Index + length - 1], StringComparison.Ordinal))
                {
                    length--;
                }
            }

            var offset = value.Index;
            if (length == 0 || entities.Exists(e => Opaque.Contains(e.Type) && e.Offset < offset + length && offset < e.Offset + e.Length))
            {
                continue;
            }

            (found ??= []).Add(new RecordedEntity(group == "command" ? "bot_command" : group, offset, length));
        }

        if (found is null)
        {
            return entities;
        }

        var all = new List<RecordedEntity>(entities.Count + found.Count);
        all.AddRange(entities);
        all.AddRange(found);
        TelegramHtmlParser.SortEntities(all);
        return all;
    }

    [GeneratedRegex(
        @"(?<url>\bhttps?://[^\s<>""]+)" +
        @"|(?<email>\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})" +
        @"|(?<=^|[^\w@/])(?<mention>@[A-Za-z][A-Za-z0-9_]{4,31})\b" +
        @"|(?<=^|[^\w#&])(?<hashtag>#\w*[^\W\d_]\w*)" +
        @"|(?<=^|[^\w$])(?<cashtag>\$[A-Z]{1,8})\b" +
        @"|(?<=^|[\s(])(?<command>/[A-Za-z0-9_]{1,64}(@[A-Za-z][A-Za-z0-9_]{2,31})?)(?![A-Za-z0-9_@/])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
