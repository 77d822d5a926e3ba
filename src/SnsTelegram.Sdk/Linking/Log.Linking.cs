using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Link token request refused: the user reached {Limit} tokens in the issue window")]
    public static partial void LinkTokenRateLimited(ILogger logger, int limit);

    [LoggerMessage(1001, LogLevel.Information, "Link secret ({Kind}) refused: {Status}")]
    public static partial void LinkTokenRefused(ILogger logger, LinkTokenKind kind, LinkTokenConsumeStatus status);

    [LoggerMessage(1002, LogLevel.Information, "Account linked to a {ChatType} chat via {Via}; {Moved} other account(s) moved off that chat")]
    public static partial void AccountLinked(ILogger logger, TelegramChatType chatType, string via, int moved);

    [LoggerMessage(1003, LogLevel.Information, "{Count} link(s) turned on again from the chat")]
    public static partial void LinksTurnedOnFromChat(ILogger logger, int count);

    [LoggerMessage(1004, LogLevel.Information, "{Count} link(s) turned off: {Reason}")]
    public static partial void LinksTurnedOffFromChat(ILogger logger, int count, string reason);

    [LoggerMessage(1005, LogLevel.Information, "{Count} link(s) moved to a migrated supergroup")]
    public static partial void LinksMovedToSupergroup(ILogger logger, int count);

    [LoggerMessage(1006, LogLevel.Warning, "Verify-link refused: the user reached {Limit} failed attempts in the window")]
    public static partial void VerifyAttemptsExceeded(ILogger logger, int limit);

    [LoggerMessage(1007, LogLevel.Warning, "A bot reply failed ({ErrorCode}; 0 means no answer in time); the chat's state was saved")]
    public static partial void ReplyFailed(ILogger logger, int errorCode);

    [LoggerMessage(1008, LogLevel.Debug, "A button press could not be answered ({ErrorCode})")]
    public static partial void CallbackAnswerFailed(ILogger logger, int errorCode);

    [LoggerMessage(1009, LogLevel.Error, "The post retry handler failed")]
    public static partial void RetryHandlerFailed(ILogger logger, Exception exception);
}
