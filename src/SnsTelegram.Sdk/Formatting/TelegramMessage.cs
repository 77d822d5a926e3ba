namespace SnsTelegram.Sdk;

/// <summary>How Telegram reads a message's text.</summary>
public enum TelegramParseMode
{
    /// <summary>Telegram's HTML subset.</summary>
    Html,

    /// <summary>Plain text.</summary>
    None,
}

/// <summary>A message ready for <c>sendMessage</c>, or for <c>sendPhoto</c> when it has a <see cref="Photo"/>.</summary>
/// <param name="Text">The text, 1 to 4096 characters after entity parsing; with a <see cref="Photo"/>, the caption, at most 1024.</param>
public sealed record TelegramMessage(string Text)
{
    /// <summary>A picture sent with the message (<c>sendPhoto</c>, <see cref="Text"/> as its caption), or null for a text message.</summary>
    public TelegramPhoto? Photo { get; init; }

    /// <summary>How Telegram reads <see cref="Text"/>. Default: HTML.</summary>
    public TelegramParseMode ParseMode { get; init; } = TelegramParseMode.Html;

    /// <summary>Inline keyboard rows, or null for none.</summary>
    public IReadOnlyList<IReadOnlyList<TelegramButton>>? Buttons { get; init; }

    /// <summary>Whether Telegram shows a preview of the first link. Default: false.</summary>
    public bool LinkPreview { get; init; }

    /// <summary>Whether the message arrives silently (quiet hours). Default: false.</summary>
    public bool Silent { get; init; }
}

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

/// <summary>An inline keyboard button: it opens a URL or sends callback data back to the bot.</summary>
public sealed record TelegramButton
{
    private TelegramButton(string text, string? url, string? callbackData)
    {
        Text = text;
        Url = url;
        CallbackData = callbackData;
    }

    /// <summary>The label.</summary>
    public string Text { get; }

    /// <summary>The URL the button opens, or null.</summary>
    public string? Url { get; }

    /// <summary>The data sent back to the bot, 1 to 64 bytes, or null.</summary>
    public string? CallbackData { get; }

    /// <summary>A button that opens an http or https URL.</summary>
    /// <exception cref="ArgumentException">The text is empty or the URL is not absolute http(s).</exception>
    public static TelegramButton Link(string text, string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A link button needs an absolute http or https URL.", nameof(url));
        }

        return new TelegramButton(text, url, null);
    }

    /// <summary>A link button for a URL the caller has already checked to be absolute http(s) (saves parsing it twice).</summary>
    internal static TelegramButton CheckedLink(string text, string url) => new(text, url, null);

    /// <summary>A button that sends <paramref name="data"/> back to the bot.</summary>
    /// <exception cref="ArgumentException">The text is empty or the data is not 1 to 64 bytes of UTF-8.</exception>
    public static TelegramButton Callback(string text, string data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var bytes = data is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(data);
        if (bytes is < 1 or > 64)
        {
            throw new ArgumentException("Callback data must be 1 to 64 bytes.", nameof(data));
        }

        return new TelegramButton(text, null, data);
    }
}

/// <summary>The reader of a message: their language and time zone.</summary>
/// <param name="Language">The language code, <c>ko</c> or <c>en</c>.</param>
/// <param name="TimeZone">The zone times are shown in.</param>
public sealed record MessageContext(string Language, TimeZoneInfo TimeZone)
{
    /// <summary>Whether a failed post's message may offer a "Retry" button (an <see cref="IPostRetryHandler"/> is registered).</summary>
    public bool CanRetry { get; init; }
}

/// <summary>Renders notifications as Telegram messages. Replace it to change every message the bot sends.</summary>
public interface ITelegramMessageFormatter
{
    /// <summary>Renders <paramref name="notification"/> for the reader described by <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The notification type is not known to this formatter.</exception>
    TelegramMessage Format(SnsNotification notification, MessageContext context);
}
