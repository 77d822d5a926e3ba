namespace SnsTelegram.Sdk.Bot;

/// <summary>Parses <c>/command[@bot] [argument]</c>.</summary>
internal static class BotCommandParser
{
    public static ParsedCommand Parse(string text, string botUsername)
    {
        if (text.Length < 2 || text[0] != '/')
        {
            return new ParsedCommand(BotCommandKind.NotCommand, string.Empty, null, false);
        }

        var end = text.AsSpan().IndexOfAny(" \t\r\n");
        var head = end < 0 ? text[1..] : text[1..end];
        var argument = end < 0 ? null : text[(end + 1)..].Trim();
        var addressed = false;
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var target = head[(at + 1)..];
            if (!string.Equals(target, botUsername.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return new ParsedCommand(BotCommandKind.OtherBot, string.Empty, null, false);
            }

            head = head[..at];
            addressed = true;
        }

        if (head.Length == 0)
        {
            return new ParsedCommand(BotCommandKind.NotCommand, string.Empty, null, false);
        }

        return new ParsedCommand(BotCommandKind.Command, head.ToLowerInvariant(), string.IsNullOrEmpty(argument) ? null : argument, addressed);
    }
}
