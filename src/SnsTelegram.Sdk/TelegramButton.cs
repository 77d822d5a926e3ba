namespace SnsTelegram.Sdk;

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
