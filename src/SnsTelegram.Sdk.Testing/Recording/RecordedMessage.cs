namespace SnsTelegram.Sdk;

/// <summary>One message in an emulated chat, as the emulator stored it: the plain text and the entities Telegram
/// would have derived from it (offsets and lengths in UTF-16 code units), plus what the bot asked for.</summary>
public sealed record RecordedMessage
{
    /// <summary>The chat the message is in.</summary>
    public required long ChatId { get; init; }

    /// <summary>Telegram's message id (per chat, increasing).</summary>
    public required int MessageId { get; init; }

    /// <summary><see langword="true"/> when the bot sent it; <see langword="false"/> for a simulated user's message.</summary>
    public required bool FromBot { get; init; }

    /// <summary>The sender's user id (the bot's id for bot messages).</summary>
    public required long FromUserId { get; init; }

    /// <summary>The plain text after entity parsing; for a photo, its caption (empty when it has none).</summary>
    public required string Text { get; init; }

    /// <summary>The picture of a photo message (<c>sendPhoto</c>), or <see langword="null"/> for a text message.</summary>
    public RecordedPhoto? Photo { get; init; }

    /// <summary>The caption of a photo message (the same as <see cref="Text"/>), or <see langword="null"/> for a text message.</summary>
    public string? Caption => Photo is null ? null : Text;

    /// <summary>The formatting entities, sorted by offset (longer first at the same offset).</summary>
    public IReadOnlyList<RecordedEntity> Entities { get; init; } = [];

    /// <summary>The parse mode of the call (<c>HTML</c>), or <see langword="null"/>.</summary>
    public string? ParseMode { get; init; }

    /// <summary>The text exactly as the bot sent it (HTML source when <see cref="ParseMode"/> is HTML).</summary>
    public string? SourceText { get; init; }

    /// <summary>The inline keyboard, row by row (empty when there is none).</summary>
    public IReadOnlyList<IReadOnlyList<RecordedButton>> InlineKeyboard { get; init; } = [];

    /// <summary>The <c>reply_markup</c> JSON as sent, or <see langword="null"/>.</summary>
    public string? ReplyMarkupJson { get; init; }

    /// <summary>Whether the bot asked for a silent message.</summary>
    public bool DisableNotification { get; init; }

    /// <summary>Whether the bot disabled the link preview.</summary>
    public bool LinkPreviewDisabled { get; init; }

    /// <summary>When the message was sent (from the emulator's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>When the message was last edited, or <see langword="null"/>.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>When the message was deleted, or <see langword="null"/>.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Whether the message was deleted.</summary>
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The earlier versions of an edited message, oldest first.</summary>
    public IReadOnlyList<RecordedMessage> PreviousVersions { get; init; } = [];

    /// <summary>All buttons of the inline keyboard, row after row.</summary>
    public IEnumerable<RecordedButton> Buttons => InlineKeyboard.SelectMany(row => row);

    /// <summary>The first entity of a type (<c>bold</c>, <c>text_link</c>, ...) or <see langword="null"/>.</summary>
    public RecordedEntity? FindEntity(string type) => Entities.FirstOrDefault(e => e.Type == type);

    /// <summary>The text an entity covers.</summary>
    public string TextOf(RecordedEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Text.Substring(entity.Offset, entity.Length);
    }
}

/// <summary>A formatting entity, as in Telegram's <c>MessageEntity</c>.</summary>
/// <param name="Type">Telegram's type name: <c>bold</c>, <c>italic</c>, <c>underline</c>, <c>strikethrough</c>,
/// <c>spoiler</c>, <c>code</c>, <c>pre</c>, <c>text_link</c>, <c>text_mention</c>, <c>custom_emoji</c>, <c>blockquote</c>,
/// <c>expandable_blockquote</c>, <c>bot_command</c>, ...</param>
/// <param name="Offset">Start, in UTF-16 code units.</param>
/// <param name="Length">Length, in UTF-16 code units.</param>
public sealed record RecordedEntity(string Type, int Offset, int Length)
{
    /// <summary>The URL of a <c>text_link</c>.</summary>
    public string? Url { get; init; }

    /// <summary>The language of a <c>pre</c> block.</summary>
    public string? Language { get; init; }

    /// <summary>The id of a <c>custom_emoji</c>.</summary>
    public string? CustomEmojiId { get; init; }

    /// <summary>The id of the user a <c>text_mention</c> names (from <c>&lt;a href="tg://user?id=N"&gt;</c>).</summary>
    public long? UserId { get; init; }
}

/// <summary>The picture of a photo message.</summary>
/// <param name="FileId">The <c>file_id</c> the emulator gave it; send it again with this id.</param>
/// <param name="FileUniqueId">The <c>file_unique_id</c>.</param>
/// <param name="SourceUrl">The URL the bot sent, or <see langword="null"/> when it sent a <c>file_id</c>.</param>
public sealed record RecordedPhoto(string FileId, string FileUniqueId, string? SourceUrl);

/// <summary>An inline keyboard button.</summary>
/// <param name="Text">The label.</param>
/// <param name="CallbackData">The callback data, or <see langword="null"/>.</param>
/// <param name="Url">The URL, or <see langword="null"/>.</param>
public sealed record RecordedButton(string Text, string? CallbackData, string? Url);

/// <summary>The data of <see cref="TelegramEmulator.MessageRecorded"/>.</summary>
/// <param name="message">The new state of the message.</param>
public sealed class RecordedMessageEventArgs(RecordedMessage message) : EventArgs
{
    /// <summary>The message as now recorded (sent, edited or deleted).</summary>
    public RecordedMessage Message { get; } = message;
}

/// <summary>The bot's answer to a callback query.</summary>
/// <param name="Text">The notification text, or <see langword="null"/>.</param>
/// <param name="ShowAlert">Whether the client shows an alert.</param>
/// <param name="Url">The URL to open, or <see langword="null"/>.</param>
public sealed record CallbackQueryAnswer(string? Text, bool ShowAlert, string? Url);

/// <summary>A command the bot registered with <c>setMyCommands</c>.</summary>
/// <param name="Command">The command without the slash.</param>
/// <param name="Description">The description.</param>
public sealed record RecordedBotCommand(string Command, string Description);
