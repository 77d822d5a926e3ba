namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The default <see cref="ITelegramMessageFormatter"/>: Telegram HTML in Korean or English, times in the reader's zone,
/// user content escaped, every message within 4096 characters, and inline buttons (view post, retry, mute this type).
/// </summary>
internal sealed class TelegramMessageFormatter(TimeProvider timeProvider) : ITelegramMessageFormatter
{
    public TelegramMessage Format(SnsNotification notification, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(context.TimeZone, nameof(context));
        var texts = MessageTexts.For(context.Language);
        return notification switch
        {
            PostPublished published => PostPublishedFormatter.Format(published, context, texts, timeProvider),
            PostFailed failed => PostFailedFormatter.Format(failed, context, texts, timeProvider),
            AutomationExecuted automation => AutomationExecutedFormatter.Format(automation, context, texts, timeProvider),
            DailySummary summary => DailySummaryFormatter.Format(summary, context, texts),
            TestMessage => TestMessageFormatter.Format(context, texts, timeProvider.GetUtcNow()),
            _ => throw new ArgumentException(
                $"No message format for notification type '{notification.Type}' ({notification.GetType().Name}); known types: {string.Join(", ", NotificationTypes.All)}.",
                nameof(notification)),
        };
    }
}
