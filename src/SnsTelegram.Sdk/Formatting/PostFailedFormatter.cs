namespace SnsTelegram.Sdk;

/// <summary>Renders <see cref="PostFailed"/> (<c>post_failure</c>).</summary>
internal static class PostFailedFormatter
{
    public static TelegramMessage Format(PostFailed notification, MessageContext context, MessageTexts texts, TimeProvider timeProvider)
    {
        FormatterParts.RequirePlatform(notification.Platform, nameof(notification));
        var writer = HtmlMessageWriter.Create();
        writer.Raw("❌ ");
        writer.Bold(texts.FailedTitle);
        writer.NewLine();
        FormatterParts.PlatformLine(ref writer, notification.Platform);
        FormatterParts.PreviewLine(ref writer, notification.Preview);
        FormatterParts.LabeledLine(ref writer, "⚠️", texts.Error, notification.ErrorMessage, FormatterParts.ErrorLength, texts.UnknownError);
        FormatterParts.TimeLine(ref writer, texts.FailedAt, notification.FailedAt ?? timeProvider.GetUtcNow(), context.TimeZone);
        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn());

        var mute = texts.MuteRow(NotificationTypes.PostFailure);
        IReadOnlyList<IReadOnlyList<TelegramButton>> buttons = context.CanRetry && CallbackData.TryCreateRetry(notification.PostId, out var retry)
            ? [[TelegramButton.Callback(texts.Retry, retry)], mute]
            : [mute];
        return new TelegramMessage(text) { Buttons = buttons };
    }
}
