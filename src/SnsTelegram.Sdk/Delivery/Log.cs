using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>Delivery log messages (event ids 2000-2999). Never the message text, never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Outbox dispatcher started: {MaxConcurrency} senders, {GlobalRate}/s global limit")]
    public static partial void DispatcherStarted(ILogger logger, int maxConcurrency, double globalRate);

    [LoggerMessage(2001, LogLevel.Information, "Outbox dispatcher is disabled (SnsTelegram:Delivery:Enabled is false)")]
    public static partial void DispatcherDisabled(ILogger logger);

    [LoggerMessage(2002, LogLevel.Information, "Outbox dispatcher stopped; {Released} leased messages released for later")]
    public static partial void DispatcherStopped(ILogger logger, int released);

    [LoggerMessage(2003, LogLevel.Error, "Outbox dispatcher loop failed; trying again shortly")]
    public static partial void DispatcherLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(2004, LogLevel.Debug, "Outbox message {OutboxId} sent to chat {ChatId} as Telegram message {TelegramMessageId}")]
    public static partial void MessageSent(ILogger logger, long outboxId, long chatId, long? telegramMessageId);

    [LoggerMessage(2005, LogLevel.Warning, "Outbox message {OutboxId}: Telegram asked to wait {RetryAfterSeconds} s (429); the whole bot pauses")]
    public static partial void RateLimited(ILogger logger, long outboxId, double retryAfterSeconds);

    [LoggerMessage(2006, LogLevel.Warning, "Outbox message {OutboxId} failed (attempt {Attempt} of {MaxAttempts}): {Error}; retrying at {DueAt:O}")]
    public static partial void WillRetry(ILogger logger, long outboxId, int attempt, int maxAttempts, string? error, DateTimeOffset dueAt);

    [LoggerMessage(2007, LogLevel.Warning, "Outbox message {OutboxId} dead-lettered ({Reason}): {Error}")]
    public static partial void DeadLettered(ILogger logger, long outboxId, string reason, string? error);

    [LoggerMessage(2008, LogLevel.Error, "Telegram could not read outbox message {OutboxId} of type {NotificationType} ({Error}): the formatter produced an invalid message; it was dead-lettered")]
    public static partial void FormatterBug(ILogger logger, long outboxId, string notificationType, string? error);

    [LoggerMessage(2070, LogLevel.Critical, "Telegram rejected the bot token (401 Unauthorized): it was revoked or is wrong; nothing can be sent until SnsTelegram:BotToken is corrected")]
    public static partial void BotTokenRejected(ILogger logger);

    [LoggerMessage(2050, LogLevel.Warning, "Telegram refused a paid broadcast to chat {ChatId} ({Error}): the bot's Stars ran out; back at the free rate until the next UTC day")]
    public static partial void PaidBroadcastRefused(ILogger logger, long chatId, string? error);

    [LoggerMessage(2009, LogLevel.Warning, "Chat {ChatId} cannot receive messages ({Reason}); {Links} link(s) turned off")]
    public static partial void ChatDisabled(ILogger logger, long chatId, string reason, int links);

    [LoggerMessage(2010, LogLevel.Information, "Group {FromChatId} became supergroup {ToChatId}: {Links} link(s) and {Messages} pending message(s) moved")]
    public static partial void ChatMigrated(ILogger logger, long fromChatId, long toChatId, int links, int messages);

    [LoggerMessage(2030, LogLevel.Warning, "Refused a chat migration from {FromChatId} to {ToChatId} ({Field} seen in a chat of type {ChatType}): only a group moves, to a supergroup, as reported by one of the two")]
    public static partial void MigrationRefused(ILogger logger, long fromChatId, long toChatId, string field, string chatType);

    [LoggerMessage(2011, LogLevel.Warning, "Outbox message {OutboxId}: the lease was lost before it could be marked {State} (another worker took it over; it may be sent twice)")]
    public static partial void LeaseLost(ILogger logger, long outboxId, string state);

    [LoggerMessage(2012, LogLevel.Error, "Outbox message {OutboxId}: recording the result failed; the lease will expire and the message will be tried again")]
    public static partial void BookkeepingFailed(ILogger logger, long outboxId, Exception exception);

    [LoggerMessage(2013, LogLevel.Error, "Sending to Telegram failed unexpectedly")]
    public static partial void GatewayUnexpectedError(ILogger logger, Exception exception);

    [LoggerMessage(2014, LogLevel.Debug, "Notification {NotificationType} for a user queued as outbox message {OutboxId} (duplicate: {Duplicate})")]
    public static partial void NotificationQueued(ILogger logger, string notificationType, long outboxId, bool duplicate);

    [LoggerMessage(2015, LogLevel.Warning, "Direct send to chat {ChatId} failed ({Status}): {Error}")]
    public static partial void DirectSendFailed(ILogger logger, long chatId, DirectSendStatus status, string? error);

    [LoggerMessage(2016, LogLevel.Warning, "Reading the outbox depth for metrics failed")]
    public static partial void DepthRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(2017, LogLevel.Debug, "Edit of outbox message {OriginalOutboxId} ({NotificationType}) queued as outbox message {OutboxId} (duplicate: {Duplicate})")]
    public static partial void EditQueued(ILogger logger, string notificationType, long outboxId, long originalOutboxId, bool duplicate);

    [LoggerMessage(2018, LogLevel.Debug, "Outbox message {OutboxId} edited Telegram message {TelegramMessageId} in chat {ChatId}")]
    public static partial void MessageEdited(ILogger logger, long outboxId, long chatId, long telegramMessageId);

    [LoggerMessage(2019, LogLevel.Debug, "Outbox message {OutboxId} is an edit of a message not sent yet; it waits until {DueAt:O}")]
    public static partial void EditWaitsForOriginal(ILogger logger, long outboxId, DateTimeOffset dueAt);

    [LoggerMessage(2020, LogLevel.Warning, "Telegram refused the photo of a message for chat {ChatId} ({Error}); sending the text without it")]
    public static partial void PhotoRejected(ILogger logger, long chatId, string? error);

    [LoggerMessage(2021, LogLevel.Debug, "Outbox message {OutboxId} is an edit superseded by the newer edit {NewerOutboxId}; it is done without a call")]
    public static partial void EditSuperseded(ILogger logger, long outboxId, long newerOutboxId);

    [LoggerMessage(2040, LogLevel.Warning, "This instance lost the right to send for the store (another may send now); it stops sending and stands by")]
    public static partial void DispatchTermLost(ILogger logger);

    [LoggerMessage(2041, LogLevel.Information, "Took over sending for the store: {Count} messages leased by the sender before were released to go out at once")]
    public static partial void LeasesReleased(ILogger logger, int count);

    [LoggerMessage(1, LogLevel.Debug, "Bot API {Method} {Url} started")]
    public static partial void BotApiRequestStart(ILogger logger, string method, string url);

    [LoggerMessage(2, LogLevel.Debug, "Bot API {Method} {Url} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    public static partial void BotApiRequestStop(ILogger logger, string method, string url, int statusCode, double elapsedMs);

    [LoggerMessage(3, LogLevel.Warning, "Bot API {Method} {Url} failed after {ElapsedMs:0.0} ms")]
    public static partial void BotApiRequestFailed(ILogger logger, string method, string url, double elapsedMs, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Bot API {Method} {Url} was canceled by its caller after {ElapsedMs:0.0} ms")]
    public static partial void BotApiRequestCanceled(ILogger logger, string method, string url, double elapsedMs);

    [LoggerMessage(1007, LogLevel.Warning, "A bot reply could not be queued; the chat's state was saved")]
    public static partial void ReplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(2060, LogLevel.Warning, "The outcome of message {OutboxId} ({Outcome}) could not be stored; kept in memory and written when the store answers ({Pending} pending); no message is leased meanwhile")]
    public static partial void OutcomeKept(ILogger logger, long outboxId, string outcome, int pending, Exception exception);

    [LoggerMessage(2061, LogLevel.Information, "The store answers again: {Count} outcome(s) kept in memory were written")]
    public static partial void OutcomesWritten(ILogger logger, int count);

    [LoggerMessage(2062, LogLevel.Error, "The process stops with the outcome of message {OutboxId} ({Outcome}) not stored: the store did not answer; the message goes out again when its lease runs out")]
    public static partial void OutcomeLostAtStop(ILogger logger, long outboxId, string outcome);

    [LoggerMessage(2080, LogLevel.Warning, "Telegram does not answer ({Error}): sends and getMe fail; delivery waits, and Telegram is asked every {IntervalSeconds} s whether it is back")]
    public static partial void TelegramUnreachable(ILogger logger, string? error, double intervalSeconds);

    [LoggerMessage(2081, LogLevel.Information, "Telegram answers again after {Seconds} s unreachable; delivery resumes")]
    public static partial void TelegramBack(ILogger logger, double seconds);

    [LoggerMessage(2082, LogLevel.Information, "Telegram is back: {Count} message(s) waiting for a retry after a failed send are due now")]
    public static partial void RetriesBroughtForward(ILogger logger, int count);

    [LoggerMessage(2083, LogLevel.Information, "Telegram paused the bot's sends until {Until:O} (429); the pause is stored so that whoever sends next waits it out")]
    public static partial void SendPauseStored(ILogger logger, DateTimeOffset until);

    [LoggerMessage(2084, LogLevel.Warning, "Took over sending during a 429 pause stored by the previous sender: nothing is sent before {Until:O}")]
    public static partial void SendPauseResumed(ILogger logger, DateTimeOffset until);

    [LoggerMessage(2085, LogLevel.Warning, "The 429 pause could not be {Action} the store; an instance taking over sending may not know it")]
    public static partial void SendPauseStoreFailed(ILogger logger, string action, Exception exception);

    [LoggerMessage(2086, LogLevel.Warning, "Telegram is back, but the messages waiting for a retry could not be made due (the store failed); trying again at the next probe")]
    public static partial void OutageRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(2090, LogLevel.Warning, "Outbox message {OutboxId}: no answer came after the request to Telegram went out ({Error}); Telegram may have it, and the retry may then deliver it twice")]
    public static partial void Unanswered(ILogger logger, long outboxId, string? error);

    [LoggerMessage(2063, LogLevel.Information, "Message {OutboxId} was leased again while this process still had it (its send on the way, or its outcome waiting in memory for the store); it is not sent again, its outcome is written with the new lease")]
    public static partial void OutcomeAdopted(ILogger logger, long outboxId);

    [LoggerMessage(2110, LogLevel.Debug, "A {Type} notification was kept in digest window {WindowId} (held by quiet hours: {Held}, already kept: {Duplicate})")]
    public static partial void NotificationDigested(ILogger logger, string type, long windowId, bool held, bool duplicate);

    [LoggerMessage(2111, LogLevel.Debug, "A {Type} notification is held by quiet hours until {DueAt:o}")]
    public static partial void NotificationHeld(ILogger logger, string type, DateTimeOffset dueAt);

    [LoggerMessage(2112, LogLevel.Information, "An edit of a {Type} notification was dropped: the post went into a digest, which lists posts without live metrics and is not edited")]
    public static partial void DigestedEditDropped(ILogger logger, string type);

    [LoggerMessage(2113, LogLevel.Information, "Digest window {WindowId} closed with {Count} event(s) and queued (held by quiet hours: {Held})")]
    public static partial void DigestQueued(ILogger logger, long windowId, int count, bool held);

    [LoggerMessage(2114, LogLevel.Information, "Digest window {WindowId} closed without a message: its user is no longer linked or turned notifications off ({Count} event(s) dropped)")]
    public static partial void DigestDropped(ILogger logger, long windowId, int count);

    [LoggerMessage(2115, LogLevel.Warning, "Closing due digest windows failed; tried again in {Interval}")]
    public static partial void DigestCloseFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(2116, LogLevel.Information, "The digest closer is off (Digest:Enabled is false); another instance must close digest windows")]
    public static partial void DigestCloserDisabled(ILogger logger);

    [LoggerMessage(2117, LogLevel.Debug, "Digest window {WindowId} changed while it was being closed (another instance closed it, or an event joined); read again")]
    public static partial void DigestWindowChanged(ILogger logger, long windowId);

    [LoggerMessage(2118, LogLevel.Information, "{Count} digest window(s) closed on request, before their close time")]
    public static partial void DigestClosedOnRequest(ILogger logger, int count);

    [LoggerMessage(2119, LogLevel.Warning, "A {NotificationType} notification ({Kind}) could not be recorded in its user's activity log")]
    public static partial void NoteFailed(ILogger logger, string notificationType, NotificationNoteKind kind, Exception exception);

    [LoggerMessage(2100, LogLevel.Information, "Forum topic {MessageThreadId} created in chat {ChatId} for {Topic}")]
    public static partial void ForumTopicCreated(ILogger logger, long chatId, string topic, int messageThreadId);

    [LoggerMessage(2101, LogLevel.Information, "No forum topic for {Topic} in chat {ChatId} ({Reason}); the message goes to the General topic")]
    public static partial void ForumTopicUnavailable(ILogger logger, long chatId, string topic, string reason);

    [LoggerMessage(2102, LogLevel.Warning, "Forum topic {MessageThreadId} for {Topic} in chat {ChatId} is gone; it is forgotten and the message goes to the General topic")]
    public static partial void ForumTopicGone(ILogger logger, long chatId, string topic, int messageThreadId);
}
