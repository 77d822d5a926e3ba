namespace SnsTelegram.Sdk;

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

    /// <summary>
    /// The link whose preview Telegram shows, when it is not the text's first link (a published post's address, say).
    /// Setting it turns the preview on. Ignored for a photo, whose caption has no preview.
    /// </summary>
    public string? LinkPreviewUrl { get; init; }

    /// <summary>Whether the link preview goes above the text instead of below it. Default: false.</summary>
    public bool LinkPreviewAboveText { get; init; }

    /// <summary>Whether Telegram is asked to show a link preview.</summary>
    public bool ShowsLinkPreview => LinkPreview || LinkPreviewUrl is not null;

    /// <summary>Whether the message arrives silently (quiet hours). Default: false.</summary>
    public bool Silent { get; init; }

    /// <summary>
    /// The label of a reply keyboard button that sends the user's location (<c>request_location</c>; Telegram offers it
    /// in private chats only), or null. The keyboard replaces <see cref="Buttons"/>: a message has one keyboard.
    /// </summary>
    public string? RequestLocation { get; init; }

    /// <summary>Whether the message removes a reply keyboard shown earlier (<c>remove_keyboard</c>), when it has no other keyboard. Default: false.</summary>
    public bool RemoveReplyKeyboard { get; init; }
}
