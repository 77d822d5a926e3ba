namespace SnsTelegram.Sdk.Formatting;

/// <summary>Renders <see cref="AutomationExecuted"/> (<c>automation_executed</c>).</summary>
internal static class AutomationExecutedFormatter
{
    /// <summary>The most characters of the platform list before it is summarised as "… +N".</summary>
    public const int PlatformListLength = 1000;

    public static TelegramMessage Format(AutomationExecuted notification, MessageContext context, MessageTexts texts, TimeProvider timeProvider)
    {
        var writer = HtmlMessageWriter.Create();
        writer.Raw("🤖 ");
        writer.Bold(texts.AutomationTitle);
        writer.NewLine();
        FormatterParts.LabeledLine(ref writer, "📋", texts.Rule, notification.RuleName, FormatterParts.NameLength, "—");

        writer.Raw("📱 ");
        writer.Raw(texts.Platforms);
        writer.Raw(": ");
        var platforms = notification.Platforms ?? [];
        if (platforms.Count == 0)
        {
            writer.Raw(texts.NoPlatforms);
        }

        var lineStart = writer.PlainLength;
        for (var i = 0; i < platforms.Count; i++)
        {
            var name = FormatterParts.PlatformName(platforms[i]);
            if (i > 0)
            {
                if (writer.PlainLength - lineStart + name.Length > PlatformListLength)
                {
                    writer.Raw(", … +");
                    writer.Number(platforms.Count - i, texts.Numbers);
                    break;
                }

                writer.Raw(", ");
            }

            writer.Text(name);
        }

        writer.NewLine();

        var (emoji, status) = notification.Status switch
        {
            AutomationStatus.Completed => ("✅", texts.StatusCompleted),
            AutomationStatus.PartiallyCompleted => ("⚠️", texts.StatusPartial),
            AutomationStatus.Failed => ("❌", texts.StatusFailed),
            _ => throw new ArgumentException($"Unknown automation status '{notification.Status}'.", nameof(notification)),
        };
        writer.Raw(emoji);
        writer.Raw(" ");
        writer.Raw(texts.Status);
        writer.Raw(": ");
        writer.Raw(status);
        writer.NewLine();

        if (!string.IsNullOrWhiteSpace(notification.Detail))
        {
            FormatterParts.LabeledLine(ref writer, "📝", texts.Detail, notification.Detail, FormatterParts.ErrorLength, string.Empty);
        }

        FormatterParts.TimeLine(ref writer, texts.ExecutedAt, notification.ExecutedAt ?? timeProvider.GetUtcNow(), context.TimeZone);
        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn());
        return new TelegramMessage(text) { Buttons = [texts.MuteRow(NotificationTypes.AutomationExecuted)] };
    }
}
