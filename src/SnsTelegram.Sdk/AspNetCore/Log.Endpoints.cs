using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

internal static partial class Log
{
    [LoggerMessage(5002, LogLevel.Information, "Account unlinked from Telegram")]
    public static partial void AccountUnlinked(ILogger logger);

    [LoggerMessage(5003, LogLevel.Warning, "Could not confirm the link in the chat ({ErrorType}); the link was saved")]
    public static partial void LinkConfirmationFailed(ILogger logger, string errorType);
}
