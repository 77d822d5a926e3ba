namespace SnsTelegram.Sdk.Formatting;

/// <summary>Renders <see cref="PostPublished"/> (<c>post_success</c>).</summary>
internal static class PostPublishedFormatter
{
    public static TelegramMessage Format(PostPublished notification, MessageContext context, MessageTexts texts, TimeProvider timeProvider)
    {
        FormatterParts.RequirePlatform(notification.Platform, nameof(notification));
        var writer = HtmlMessageWriter.Create();
        writer.Raw("✅ ");
        writer.Bold(texts.PublishedTitle);
        writer.NewLine();
        FormatterParts.PlatformLine(ref writer, notification.Platform);
        FormatterParts.PreviewLine(ref writer, notification.Preview);

        var url = FormatterParts.SafeUrl(notification.PostUrl);
        if (url is not null)
        {
            writer.Raw("🔗 ");
            writer.Link(url, TextShortener.Shorten(url, FormatterParts.DisplayedUrlLength));
            writer.NewLine();
        }

        if (notification.Likes is not null || notification.Comments is not null || notification.Shares is not null || notification.Views is not null)
        {
            writer.Raw("👥 ");
            var first = true;
            Metric(ref writer, texts.Likes, notification.Likes, texts, ref first);
            Metric(ref writer, texts.Comments, notification.Comments, texts, ref first);
            Metric(ref writer, texts.Shares, notification.Shares, texts, ref first);
            Metric(ref writer, texts.Views, notification.Views, texts, ref first);
            writer.NewLine();
        }

        FormatterParts.TimeLine(ref writer, texts.PublishedAt, notification.PublishedAt ?? timeProvider.GetUtcNow(), context.TimeZone);
        var photo = notification.ImageUrl is { } image ? TelegramPhoto.FromUrl(image) : null;
        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn(), photo is null ? TelegramHtml.MaxMessageLength : TelegramHtml.MaxCaptionLength);

        var mute = texts.MuteRow(NotificationTypes.PostSuccess);
        IReadOnlyList<IReadOnlyList<TelegramButton>> buttons = url is null
            ? [mute]
            : [[TelegramButton.CheckedLink(texts.ViewPost, url)], mute];
        // the post's own preview (its picture and title, as the platform shows them) above the text; a photo message has none
        return new TelegramMessage(text)
        {
            Buttons = buttons,
            Photo = photo,
            LinkPreviewUrl = photo is null ? url : null,
            LinkPreviewAboveText = photo is null && url is not null,
        };
    }

    private static void Metric(ref HtmlMessageWriter writer, string label, long? value, MessageTexts texts, ref bool first)
    {
        if (value is null)
        {
            return;
        }

        if (!first)
        {
            writer.Raw(" | ");
        }

        first = false;
        writer.Raw(label);
        writer.Raw(": ");
        writer.Number(value.Value, texts.Numbers);
    }
}
