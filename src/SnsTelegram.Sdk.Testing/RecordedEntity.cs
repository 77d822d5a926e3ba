namespace SnsTelegram.Sdk.Testing;

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
