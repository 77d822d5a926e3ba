namespace SnsTelegram.Sdk.Formatting;

/// <summary>Renders <see cref="DailySummary"/> (<c>daily_summary</c>), including the short "no posts" variant.</summary>
internal static class DailySummaryFormatter
{
    /// <summary>Platform lines stop once the message reaches this length; the rest is counted in a "+N more" line.</summary>
    public const int PlatformLinesBudget = 3800;

    public static TelegramMessage Format(DailySummary notification, MessageContext context, MessageTexts texts)
    {
        var writer = HtmlMessageWriter.Create();
        writer.Raw("📊 ");
        writer.Bold(texts.DailyTitle);
        writer.NewLine();
        writer.Raw("📅 ");
        writer.Raw(texts.FormatDate(notification.Date));
        writer.NewLine();

        if (notification.TotalPosts == 0)
        {
            writer.Raw("📭 ");
            writer.Raw(texts.NoPosts);
            return Finish(ref writer, texts);
        }

        Count(ref writer, "📝", texts.DailyPosts, notification.TotalPosts, texts, suffix: true);
        Count(ref writer, "✅", texts.DailySucceeded, notification.Succeeded, texts, suffix: true);
        if (notification.Failed > 0)
        {
            Count(ref writer, "❌", texts.DailyFailed, notification.Failed, texts, suffix: true);
        }

        Count(ref writer, "👥", texts.DailyEngagement, notification.TotalEngagement, texts, suffix: false);

        var platforms = notification.Platforms ?? [];
        if (platforms.Count > 0)
        {
            writer.NewLine();
            writer.Bold(texts.ByPlatform);
            for (var i = 0; i < platforms.Count; i++)
            {
                writer.NewLine();
                if (writer.PlainLength > PlatformLinesBudget)
                {
                    var (before, after) = texts.MorePlatforms;
                    writer.Raw(before);
                    writer.Number(platforms.Count - i, texts.Numbers);
                    writer.Raw(after);
                    break;
                }

                PlatformLine(ref writer, platforms[i], texts);
            }
        }

        return Finish(ref writer, texts);
    }

    private static TelegramMessage Finish(ref HtmlMessageWriter writer, MessageTexts texts)
    {
        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn().TrimEnd('\n'));
        return new TelegramMessage(text) { Buttons = [texts.MuteRow(NotificationTypes.DailySummary)] };
    }

    private static void Count(ref HtmlMessageWriter writer, string emoji, string label, long value, MessageTexts texts, bool suffix)
    {
        writer.Raw(emoji);
        writer.Raw(" ");
        writer.Raw(label);
        writer.Raw(": ");
        writer.Number(value, texts.Numbers);
        if (suffix)
        {
            writer.Raw(texts.CountSuffix);
        }

        writer.NewLine();
    }

    private static void PlatformLine(ref HtmlMessageWriter writer, PlatformSummary summary, MessageTexts texts)
    {
        writer.Raw(summary.Platform.Emoji);
        writer.Raw(" ");
        writer.Text(FormatterParts.PlatformName(summary.Platform));
        writer.Raw(": ");
        writer.Number(summary.Posts, texts.Numbers);
        writer.Raw(" ");
        writer.Raw(texts.PostsOnPlatform(summary.Posts));
        if (summary.Failed > 0)
        {
            writer.Raw(" | ❌ ");
            if (texts.FailedLabelFirst)
            {
                writer.Raw(texts.DailyFailed);
                writer.Raw(" ");
                writer.Number(summary.Failed, texts.Numbers);
            }
            else
            {
                writer.Number(summary.Failed, texts.Numbers);
                writer.Raw(" ");
                writer.Raw(texts.DailyFailed.ToLowerInvariant());
            }
        }

        writer.Raw(" | 👥 ");
        writer.Number(summary.Engagement, texts.Numbers);
        if (summary.Views > 0)
        {
            writer.Raw(" | 👁 ");
            writer.Number(summary.Views, texts.Numbers);
        }
    }
}
