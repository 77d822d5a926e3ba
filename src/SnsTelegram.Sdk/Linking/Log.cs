using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

internal static partial class Log
{
    [LoggerMessage(5002, LogLevel.Information, "Account unlinked from Telegram")]
    public static partial void AccountUnlinked(ILogger logger);

    [LoggerMessage(5003, LogLevel.Warning, "Could not confirm the link in the chat; the link was saved")]
    public static partial void LinkConfirmationFailed(ILogger logger, Exception exception);

    [LoggerMessage(5004, LogLevel.Information, "{Endpoint} refused: the user reached {Limit} requests in {Window}")]
    public static partial void UserLimitReached(ILogger logger, string endpoint, int limit, TimeSpan window);

    [LoggerMessage(1000, LogLevel.Information, "Link token request refused: the user reached {Limit} tokens in the issue window")]
    public static partial void LinkTokenRateLimited(ILogger logger, int limit);

    [LoggerMessage(1001, LogLevel.Information, "Link secret ({Kind}) refused: {Status}")]
    public static partial void LinkTokenRefused(ILogger logger, LinkTokenKind kind, LinkTokenConsumeStatus status);

    [LoggerMessage(1002, LogLevel.Information, "Account linked to a {ChatType} chat via {Via}; {Moved} other account(s) moved off that chat")]
    public static partial void AccountLinked(ILogger logger, TelegramChatType chatType, string via, int moved);

    [LoggerMessage(1003, LogLevel.Information, "{Count} link(s) turned on again from the chat")]
    public static partial void LinksTurnedOnFromChat(ILogger logger, int count);

    [LoggerMessage(1006, LogLevel.Warning, "Verify-link refused: the user reached {Limit} wrong codes in the window")]
    public static partial void VerifyAttemptsExceeded(ILogger logger, int limit);
}
