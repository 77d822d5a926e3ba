using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The classified answer to one <c>sendMessage</c>.</summary>
/// <param name="Kind">The class.</param>
/// <param name="Error">A token-free description of a failure.</param>
internal readonly record struct SendOutcome(SendOutcomeKind Kind, string? Error = null)
{
    /// <summary>Telegram's id of the sent message.</summary>
    public long? MessageId { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.RateLimited"/>: how long to wait.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.Migrated"/>: the supergroup's id.</summary>
    public long? MigrateToChatId { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.ChatUnavailable"/>: why (<see cref="ChatLinkDisabledReasons"/>).</summary>
    public string? DisabledReason { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.Rejected"/>: Telegram could not read the message (bad HTML, too long), a formatter bug.</summary>
    public bool IsFormatterBug { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.Rejected"/> answers to an edit: the message to edit is gone or can no longer be edited.</summary>
    public bool EditImpossible { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.Transient"/>: Telegram answered 401, the bot token was revoked or is wrong.</summary>
    public bool BotTokenRejected { get; init; }

    /// <summary>
    /// For <see cref="SendOutcomeKind.Transient"/>: the request went out but no answer came back (a timeout, a connection
    /// reset); Telegram may have taken the message, and then a retry sends it twice. False when the connection could not
    /// be opened (nothing was sent).
    /// </summary>
    public bool Unanswered { get; init; }

    /// <summary>The HTTP status or Bot API error code, when there was one.</summary>
    public int? ErrorCode { get; init; }

    public static SendOutcome Delivered(long messageId) => new(SendOutcomeKind.Sent) { MessageId = messageId };
}
