namespace SnsTelegram.Sdk.Delivery;

/// <summary>Sends one rendered message to one chat and classifies Telegram's answer. Never throws for a Telegram problem.</summary>
internal interface ITelegramGateway
{
    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="chatId"/>; with <paramref name="allowPaidBroadcast"/>, as a paid
    /// broadcast (<c>allow_paid_broadcast</c>: above the free rate for 0.1 Star a message).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> SendAsync(long chatId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="message"/> to topic <paramref name="messageThreadId"/> of forum <paramref name="chatId"/> (<c>message_thread_id</c>).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> SendToTopicAsync(long chatId, int messageThreadId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a topic named <paramref name="name"/> in forum <paramref name="chatId"/> (<c>createForumTopic</c>); when
    /// Telegram made it, <see cref="SendOutcome.MessageId"/> is its <c>message_thread_id</c>. Not a message: no rate slot.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> CreateForumTopicAsync(long chatId, string name, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="message"/> to <paramref name="chatId"/> at the free rate (not as a paid broadcast).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> SendAsync(long chatId, TelegramMessage message, CancellationToken cancellationToken) =>
        SendAsync(chatId, message, allowPaidBroadcast: false, cancellationToken);

    /// <summary>
    /// Replaces the text (<c>editMessageText</c>) and buttons of message <paramref name="messageId"/> in <paramref name="chatId"/>
    /// by <paramref name="message"/>'s. Telegram's "message is not modified" counts as <see cref="SendOutcomeKind.Sent"/>;
    /// a message that cannot be edited (gone, too old, not the bot's) is <see cref="SendOutcomeKind.Rejected"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> EditAsync(long chatId, long messageId, TelegramMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a button press (<c>answerCallbackQuery</c>) with a short notice, so the button stops spinning. Not a message:
    /// it takes no rate slot.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> AnswerCallbackAsync(string callbackQueryId, string text, CancellationToken cancellationToken);

    /// <summary>
    /// Asks Telegram whether it answers (<c>getMe</c>), giving up after <paramref name="timeout"/>: used while Telegram
    /// seems down, to notice its return within a second. Not a message: it takes no rate slot.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendOutcome> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Asks Telegram what <paramref name="userId"/> may do in <paramref name="chatId"/> (<c>getChatMember</c>): whether
    /// they are an administrator (or the creator) and may manage forum topics. Not a message: it takes no rate slot.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ChatMemberAnswer> GetChatMemberAsync(long chatId, long userId, CancellationToken cancellationToken);
}
