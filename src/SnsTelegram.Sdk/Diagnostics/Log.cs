using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

/// <summary>
/// The library's log messages. Event ids are stable: 1-99 Bot API client, 100-199 configuration,
/// 1000-1999 linking, 2000-2999 delivery, 3000-3999 scheduling, 4000-4999 updates, 5000-5999 endpoints.
/// Never log a bot token, a link token or message text.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Bot API {Method} {Url} started")]
    public static partial void BotApiRequestStart(ILogger logger, string method, string url);

    [LoggerMessage(2, LogLevel.Debug, "Bot API {Method} {Url} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    public static partial void BotApiRequestStop(ILogger logger, string method, string url, int statusCode, double elapsedMs);

    [LoggerMessage(3, LogLevel.Warning, "Bot API {Method} {Url} failed after {ElapsedMs:0.0} ms: {ErrorType}")]
    public static partial void BotApiRequestFailed(ILogger logger, string method, string url, double elapsedMs, string errorType);
}
