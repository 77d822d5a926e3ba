using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>Delivery events' log messages (event ids 7000-7019). Never a secret, a chat id or a message text.</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Event webhook started: events are posted to {Host} ({Secrets} signing secrets)")]
    public static partial void PumpStarted(ILogger logger, string host, int secrets);

    [LoggerMessage(7001, LogLevel.Error, "Event handler {Handler} failed on event {EventId} ({EventType}); delivery goes on")]
    public static partial void HandlerFailed(ILogger logger, string handler, string eventId, string eventType, Exception exception);

    [LoggerMessage(7002, LogLevel.Error, "Event {EventId} ({EventType}) could not be queued for the webhook after {Tries} tries; it is not posted")]
    public static partial void EnqueueFailed(ILogger logger, string eventId, string eventType, int tries, Exception exception);

    [LoggerMessage(7003, LogLevel.Debug, "Event {EventId} ({EventType}) delivered to the webhook on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string eventId, string eventType, int attempt);

    [LoggerMessage(7004, LogLevel.Warning, "Event {EventId} ({EventType}) was not accepted by the webhook (attempt {Attempt} of {MaxAttempts}): {Error}; next try at {DueAt:O}")]
    public static partial void WillRetry(ILogger logger, string eventId, string eventType, int attempt, int maxAttempts, string error, DateTimeOffset dueAt);

    [LoggerMessage(7005, LogLevel.Error, "Event {EventId} ({EventType}) dead-lettered after {Attempts} attempts: {Error}")]
    public static partial void DeadLettered(ILogger logger, string eventId, string eventType, int attempts, string error);

    [LoggerMessage(7006, LogLevel.Warning, "Event {EventId}: its lease was gone when its outcome ({Outcome}) was stored; another instance posts it")]
    public static partial void LeaseLost(ILogger logger, string eventId, string outcome);

    [LoggerMessage(7007, LogLevel.Error, "Event webhook loop failed; trying again shortly")]
    public static partial void PumpLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(7008, LogLevel.Warning, "Event {EventType} raised after events stopped; not delivered")]
    public static partial void Dropped(ILogger logger, string eventType);

    [LoggerMessage(7009, LogLevel.Information, "Event webhook housekeeping: {Count} completed events older than {Before:O} purged")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(7010, LogLevel.Error, "The {EventType} events of a chat could not be raised: its links could not be read")]
    public static partial void ChatEventsFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(7011, LogLevel.Information, "Events stopped; {Pending} raised events were handled before stopping")]
    public static partial void Stopped(ILogger logger, int pending);
}
