using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Operations;

/// <summary>The log messages of the operator's endpoints (7100–7119): every change names the operator who made it.</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Warning, "Delivery paused for every instance by {Operator}; reason: {Reason}")]
    public static partial void DeliveryPaused(ILogger logger, string @operator, string? reason);

    [LoggerMessage(7101, LogLevel.Warning, "Delivery resumed for every instance by {Operator}")]
    public static partial void DeliveryResumed(ILogger logger, string @operator);

    [LoggerMessage(7102, LogLevel.Information, "Dead letter {MessageId} resent by {Operator}")]
    public static partial void DeadLetterResent(ILogger logger, long messageId, string @operator);

    [LoggerMessage(7103, LogLevel.Information, "{Count} dead letter(s) matching {Filter} resent by {Operator}")]
    public static partial void DeadLettersResent(ILogger logger, int count, string filter, string @operator);

    [LoggerMessage(7104, LogLevel.Information, "Dead letter {MessageId} discarded by {Operator}")]
    public static partial void DeadLetterDiscarded(ILogger logger, long messageId, string @operator);

    [LoggerMessage(7105, LogLevel.Information, "{Count} dead letter(s) matching {Filter} discarded by {Operator}")]
    public static partial void DeadLettersDiscarded(ILogger logger, int count, string filter, string @operator);

    [LoggerMessage(7106, LogLevel.Information, "Job {JobId} run now by {Operator}: {Status}, occurrence {Occurrence}")]
    public static partial void JobRunRequested(ILogger logger, string jobId, string @operator, string status, DateTimeOffset? occurrence);

    [LoggerMessage(7107, LogLevel.Warning, "Admin request refused: the admin endpoints are not guarded by an authorization policy (chain .RequireAuthorization(...) on MapTelegramAdminEndpoints)")]
    public static partial void AdminNotGuarded(ILogger logger);
}
