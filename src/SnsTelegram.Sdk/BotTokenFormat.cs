using System.Text.RegularExpressions;

namespace SnsTelegram.Sdk;

/// <summary>The shape of a bot token, checked without ever echoing it.</summary>
internal static partial class BotTokenFormat
{
    public static bool IsValid(string? token) => token is not null && TokenRegex().IsMatch(token);

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{30,64}$")]
    private static partial Regex TokenRegex();
}
