namespace SnsTelegram.Sdk;

/// <summary>A picture for <c>sendPhoto</c>: an https URL Telegram downloads, or the <c>file_id</c> of a photo Telegram already has.</summary>
public sealed record TelegramPhoto
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    private TelegramPhoto(string? url, string? fileId)
    {
        Url = url;
        FileId = fileId;
    }

    /// <summary>The address Telegram downloads the picture from, or null.</summary>
    public string? Url { get; }

    /// <summary>Telegram's <c>file_id</c> of the picture, or null.</summary>
    public string? FileId { get; }

    /// <summary>A picture Telegram downloads from <paramref name="url"/> (JPEG, PNG, WebP; Telegram's limit is 5 MB by URL).</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute https URL of at most 2048 characters without spaces.</exception>
    public static TelegramPhoto FromUrl(string url) => new(CheckUrl(url, nameof(url)), null);

    /// <summary>A picture Telegram already has, by the <c>file_id</c> it gave for it.</summary>
    /// <exception cref="ArgumentException">The id is empty, longer than 256 characters or contains white space.</exception>
    public static TelegramPhoto FromFileId(string fileId)
    {
        if (string.IsNullOrWhiteSpace(fileId) || fileId.Length > 256 || fileId.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A Telegram file_id is 1 to 256 characters without white space.", nameof(fileId));
        }

        return new TelegramPhoto(null, fileId);
    }

    /// <summary>Returns <paramref name="url"/> when it is null or a usable absolute https URL; otherwise throws.</summary>
    internal static string? CheckOptionalUrl(string? url, string paramName) => url is null ? null : CheckUrl(url, paramName);

    private static string CheckUrl(string url, string paramName)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("An image URL must be an absolute https URL of at most 2048 characters without spaces.", paramName);
        }

        return url;
    }
}
