namespace SnsTelegram.Sdk.Formatting;

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
        // Under a photo the caption holds 1024 characters: a shorter error line keeps the time line in it.
        var errorLength = notification.ImageUrl is null ? FormatterParts.ErrorLength : FormatterParts.CaptionErrorLength;
        FormatterParts.LabeledLine(ref writer, "⚠️", texts.Error, notification.ErrorMessage, errorLength, texts.UnknownError);
        FormatterParts.TimeLine(ref writer, texts.FailedAt, notification.FailedAt ?? timeProvider.GetUtcNow(), context.TimeZone);
        var photo = notification.ImageUrl is { } image ? TelegramPhoto.FromUrl(image) : null;
        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn(), photo is null ? TelegramHtml.MaxMessageLength : TelegramHtml.MaxCaptionLength);

        var mute = texts.MuteRow(NotificationTypes.PostFailure);
        IReadOnlyList<IReadOnlyList<TelegramButton>> buttons = context.CanRetry && CallbackData.TryCreateRetry(notification.PostId, out var retry)
            ? [[TelegramButton.Callback(texts.Retry, retry)], mute]
            : [mute];
        return new TelegramMessage(text) { Buttons = buttons, Photo = photo };
    }
}
