using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Testing;

internal static partial class EmulatorLog
{
    [LoggerMessage(9001, LogLevel.Warning, "Webhook delivery of update {UpdateId} failed (attempt {Attempt}): {Reason}")]
    public static partial void WebhookFailed(ILogger logger, long updateId, int attempt, string reason);

    [LoggerMessage(9002, LogLevel.Error, "The emulator failed to answer a {Method} call")]
    public static partial void RequestFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(9003, LogLevel.Warning, "A MessageRecorded handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(9004, LogLevel.Warning, "Update {UpdateId} dropped after {Attempts} failed webhook attempts")]
    public static partial void UpdateDropped(ILogger logger, long updateId, int attempts);
}
