namespace SnsTelegram.Sdk.Delivery;

/// <summary>Removes bot tokens from addresses and texts before they reach a log, an exception or a response.</summary>
internal static partial class TokenRedactor
{
    public const string Mask = "<redacted>";

    /// <summary>The address with its <c>/bot&lt;token&gt;</c> path segment masked.</summary>
    public static string Redact(Uri? uri) => uri is null ? string.Empty : Redact(uri.GetLeftPart(UriPartial.Path));

    /// <summary>The text with anything shaped like a bot token masked.</summary>
    public static string Redact(string text) => TokenPattern().Replace(text, Mask);

    [System.Text.RegularExpressions.GeneratedRegex("[0-9]{1,20}:[A-Za-z0-9_-]{30,64}")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();
}
