using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// Renders a digest: the events of one window merged into one message (counts, success and failure, up to
/// <c>Digest:MaxListedPosts</c> events listed with links, "and 12 more"). Valid HTML within 4096 characters for any
/// number of events: the list stops at <see cref="ListBudget"/> characters and the rest is counted.
/// </summary>
internal static class DigestFormatter
{
    /// <summary>Event lines stop once the message reaches this length; the rest is counted in a "more" line.</summary>
    public const int ListBudget = 3600;

    /// <summary>How much of a post's preview or a rule's name a line shows.</summary>
    public const int TitleLength = 60;

    public static TelegramMessage Format(IReadOnlyList<DigestItem> items, bool held, int maxListed, MessageTexts texts)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxListed);
        var writer = HtmlMessageWriter.Create();
        writer.Raw(held ? "🌙 " : "📬 ");
        writer.Bold(held ? texts.DigestHeldTitle : texts.DigestTitle);
        writer.NewLine();

        long posts = 0, succeeded = 0, failed = 0, automations = 0;
        foreach (var item in items)
        {
            var isAutomation = item.NotificationType == NotificationTypes.AutomationExecuted;
            automations += isAutomation ? 1 : 0;
            posts += isAutomation ? 0 : 1;
            succeeded += !isAutomation && !item.Failed ? 1 : 0;
            failed += item.Failed ? 1 : 0;
        }

        if (posts > 0)
        {
            Count(ref writer, "📝", texts.DigestPosts, posts, texts);
            Count(ref writer, "✅", texts.DailySucceeded, succeeded, texts);
        }

        if (failed > 0)
        {
            Count(ref writer, "❌", texts.DailyFailed, failed, texts);
        }

        if (automations > 0)
        {
            Count(ref writer, "⚙️", texts.DigestAutomations, automations, texts);
        }

        if (items.Count > 0)
        {
            writer.NewLine();
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (i == maxListed || writer.PlainLength > ListBudget)
            {
                var (before, after) = texts.MoreEvents;
                writer.Raw(before);
                writer.Number(items.Count - i, texts.Numbers);
                writer.Raw(after);
                writer.NewLine();
                break;
            }

            Line(ref writer, items[i], texts);
        }

        var text = TelegramHtml.FitToLimit(writer.ToStringAndReturn().TrimEnd('\n'));
        return new TelegramMessage(text);
    }

    private static void Count(ref HtmlMessageWriter writer, string emoji, string label, long value, MessageTexts texts)
    {
        writer.Raw(emoji);
        writer.Raw(" ");
        writer.Raw(label);
        writer.Raw(": ");
        writer.Number(value, texts.Numbers);
        writer.Raw(texts.CountSuffix);
        writer.NewLine();
    }

    private static void Line(ref HtmlMessageWriter writer, DigestItem item, MessageTexts texts)
    {
        var isAutomation = item.NotificationType == NotificationTypes.AutomationExecuted;
        writer.Raw(item.Failed ? "❌ " : isAutomation ? "⚙️ " : "✅ ");
        if (item.Platform is { Length: > 0 } name && SnsPlatform.TryParse(name, out var platform))
        {
            writer.Raw(platform.Emoji);
            writer.Raw(" ");
            writer.Text(FormatterParts.PlatformName(platform));
            writer.Raw(" · ");
        }

        var title = TextShortener.OneLine(item.Title, TitleLength);
        if (title.Length == 0)
        {
            title = texts.DigestUntitled;
        }

        if (FormatterParts.SafeUrl(item.Url) is { } url)
        {
            writer.Link(url, title);
        }
        else
        {
            writer.Text(title);
        }

        writer.NewLine();
    }
}
