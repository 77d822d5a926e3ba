using Microsoft.Extensions.Logging;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Bot;

internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Debug, "Update {UpdateId} was processed before; skipped")]
    public static partial void DuplicateUpdate(ILogger logger, int updateId);

    [LoggerMessage(4001, LogLevel.Error, "Handling update {UpdateId} ({UpdateType}) failed; it will not be retried")]
    public static partial void UpdateHandlerFailed(ILogger logger, int updateId, UpdateType updateType, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning, "Webhook request refused: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string reason);

    [LoggerMessage(4003, LogLevel.Information, "Webhook registered with Telegram for update types {UpdateTypes}")]
    public static partial void WebhookRegistered(ILogger logger, string updateTypes);

    [LoggerMessage(4004, LogLevel.Information, "Bot commands registered with Telegram")]
    public static partial void CommandsRegistered(ILogger logger);

    [LoggerMessage(4005, LogLevel.Warning, "Bot setup with Telegram failed (attempt {Attempt}); retrying in {DelaySeconds} s")]
    public static partial void BotSetupFailed(ILogger logger, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(4006, LogLevel.Information, "Long polling started; the webhook was deleted")]
    public static partial void PollingStarted(ILogger logger);

    [LoggerMessage(4007, LogLevel.Error, "getUpdates conflict (409): another process is polling with this bot token, or a webhook is set. Polling backs off for {DelaySeconds} s")]
    public static partial void PollingConflict(ILogger logger, double delaySeconds);

    [LoggerMessage(4008, LogLevel.Warning, "getUpdates failed; retrying in {DelaySeconds} s")]
    public static partial void PollingFailed(ILogger logger, double delaySeconds, Exception exception);

    [LoggerMessage(4009, LogLevel.Information, "Long polling stopped")]
    public static partial void PollingStopped(ILogger logger);

    [LoggerMessage(4010, LogLevel.Error, "Bot setup with Telegram gave up after {Attempts} attempts; updates may not arrive until the next start")]
    public static partial void BotSetupGaveUp(ILogger logger, int attempts, Exception exception);

    [LoggerMessage(4011, LogLevel.Warning, "Update {UpdateId} from {Source} could not be read ({ExceptionType}); it was kept for inspection")]
    public static partial void UpdateUnreadable(ILogger logger, long updateId, string source, string exceptionType);

    [LoggerMessage(4012, LogLevel.Warning, "Handling update {UpdateId} ({UpdateType}) failed for a reason that may pass; it was released for Telegram to deliver again")]
    public static partial void UpdateHandlerDeferred(ILogger logger, int updateId, UpdateType updateType, Exception exception);

    [LoggerMessage(4013, LogLevel.Error, "Update {UpdateId} from {Source} could not be taken now (the store failed); Telegram is asked to deliver it again")]
    public static partial void UpdateDeferred(ILogger logger, long updateId, string source, Exception exception);

    [LoggerMessage(4014, LogLevel.Information, "A button was pressed again: {Action} already ran for this message in chat {ChatId}")]
    public static partial void ButtonActionAlreadyDone(ILogger logger, string action, long chatId);

    [LoggerMessage(4015, LogLevel.Information, "Settings changed from Telegram: {Fields}")]
    public static partial void SettingsChanged(ILogger logger, string fields);

    [LoggerMessage(4016, LogLevel.Warning, "A settings button carried a value the settings refuse: {Error}")]
    public static partial void SettingsRefused(ILogger logger, string error);

    [LoggerMessage(4017, LogLevel.Information, "The settings message could not be edited ({Error}); it was sent anew")]
    public static partial void SettingsMenuResent(ILogger logger, string? error);

    [LoggerMessage(4018, LogLevel.Warning, "The settings message was not edited ({Kind}: {Error}); the change itself was saved")]
    public static partial void SettingsMenuNotEdited(ILogger logger, string kind, string? error);

    [LoggerMessage(1004, LogLevel.Information, "{Count} link(s) turned off: {Reason}")]
    public static partial void LinksTurnedOffFromChat(ILogger logger, int count, string reason);

    [LoggerMessage(1008, LogLevel.Debug, "A button press could not be answered ({ErrorCode}: {Error})")]
    public static partial void CallbackAnswerFailed(ILogger logger, int errorCode, string? error);

    [LoggerMessage(1009, LogLevel.Error, "The post retry handler failed")]
    public static partial void RetryHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(4019, LogLevel.Information, "A group link was not completed in chat {ChatId}: {Reason}; the link token stays unused")]
    public static partial void GroupLinkRefused(ILogger logger, long chatId, string reason);
}
