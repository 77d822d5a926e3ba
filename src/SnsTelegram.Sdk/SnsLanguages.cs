namespace SnsTelegram.Sdk;

/// <summary>The languages messages are written in.</summary>
public static class SnsLanguages
{
    /// <summary>Korean.</summary>
    public const string Korean = "ko";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>All supported language codes.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Korean, English];

    /// <summary>Whether <paramref name="language"/> is a supported code (case-insensitive).</summary>
    public static bool IsSupported(string? language) =>
        language is not null && Supported.Contains(language, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The supported language closest to a Telegram <c>language_code</c> (<c>ko</c>, <c>ko-KR</c>, <c>en-US</c>...), or null.
    /// </summary>
    public static string? Match(string? languageCode)
    {
        if (string.IsNullOrEmpty(languageCode))
        {
            return null;
        }

        var primary = languageCode.Split('-', '_')[0];
        return Supported.FirstOrDefault(l => string.Equals(l, primary, StringComparison.OrdinalIgnoreCase));
    }
}
