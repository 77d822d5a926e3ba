namespace SnsTelegram.Sdk;

/// <summary>How Telegram reads a message's text.</summary>
public enum TelegramParseMode
{
    /// <summary>Telegram's HTML subset.</summary>
    Html,

    /// <summary>Plain text.</summary>
    None,
}

/// <summary>A message ready for <c>sendMessage</c>.</summary>
/// <param name="Text">The text, 1 to 4096 characters after entity parsing.</param>
public sealed record TelegramMessage(string Text)
{
    /// <summary>How Telegram reads <see cref="Text"/>. Default: HTML.</summary>
    public TelegramParseMode ParseMode { get; init; } = TelegramParseMode.Html;

    /// <summary>Inline keyboard rows, or null for none.</summary>
    public IReadOnlyList<IReadOnlyList<TelegramButton>>? Buttons { get; init; }

    /// <summary>Whether Telegram shows a preview of the first link. Default: false.</summary>
    public bool LinkPreview { get; init; }

    /// <summary>Whether the message arrives silently (quiet hours). Default: false.</summary>
    public bool Silent { get; init; }
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
