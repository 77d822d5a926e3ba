namespace SnsTelegram.Sdk.Testing;

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

    /// <summary>The reply keyboard (<c>ReplyKeyboardMarkup</c>) the bot showed with the message, row by row (empty when none).</summary>
    public IReadOnlyList<IReadOnlyList<RecordedKeyboardButton>> ReplyKeyboard { get; init; } = [];

    /// <summary>Whether the message removed the reply keyboard (<c>ReplyKeyboardRemove</c>).</summary>
    public bool RemovesReplyKeyboard { get; init; }

    /// <summary>The point of a location message a user sent, or <see langword="null"/>.</summary>
    public RecordedLocation? Location { get; init; }

    /// <summary>The <c>reply_markup</c> JSON as sent, or <see langword="null"/>.</summary>
    public string? ReplyMarkupJson { get; init; }

    /// <summary>Whether the bot asked for a silent message.</summary>
    public bool DisableNotification { get; init; }

    /// <summary>Whether the bot disabled the link preview.</summary>
    public bool LinkPreviewDisabled { get; init; }

    /// <summary>The link the bot asked the preview to show (<c>link_preview_options.url</c>), or <see langword="null"/>.</summary>
    public string? LinkPreviewUrl { get; init; }

    /// <summary>Whether the bot asked for the link preview above the text (<c>link_preview_options.show_above_text</c>).</summary>
    public bool LinkPreviewAboveText { get; init; }

    /// <summary>The forum topic the message went to (<c>message_thread_id</c>), or null for the General topic or a chat without topics.</summary>
    public int? MessageThreadId { get; init; }

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
