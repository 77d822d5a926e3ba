using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Test message not delivered: the bot is blocked or the chat is gone; the link was turned off")]
    public static partial void TestMessageBlocked(ILogger logger);

    [LoggerMessage(5001, LogLevel.Warning, "Test message failed at Telegram ({ErrorCode}; 0 means no answer)")]
    public static partial void TestMessageFailed(ILogger logger, int errorCode);

    [LoggerMessage(5002, LogLevel.Information, "Account unlinked from Telegram")]
    public static partial void AccountUnlinked(ILogger logger);

    [LoggerMessage(5003, LogLevel.Warning, "Could not confirm the link in the chat ({ErrorType}); the link was saved")]
    public static partial void LinkConfirmationFailed(ILogger logger, string errorType);
}
