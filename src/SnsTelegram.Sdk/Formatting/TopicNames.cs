namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The forum topic each notification type goes to in a forum supergroup, named in the group's language. Types without
/// a topic (the test message, the bot's replies) go to the General topic.
/// </summary>
internal static class TopicNames
{
    /// <summary>The topic name for <paramref name="notificationType"/> in <paramref name="language"/>, or null when the type has no topic of its own.</summary>
    public static string? For(string notificationType, string? language)
    {
        var english = string.Equals(language, SnsLanguages.English, StringComparison.OrdinalIgnoreCase);
        return notificationType switch
        {
            NotificationTypes.PostSuccess => english ? "✅ Published posts" : "✅ 게시 완료",
            NotificationTypes.PostFailure => english ? "❌ Failed posts" : "❌ 게시 실패",
            NotificationTypes.AutomationExecuted => english ? "🤖 Automations" : "🤖 자동화",
            NotificationTypes.DailySummary => english ? "📊 Daily reports" : "📊 일일 리포트",
            NotificationTypes.Digest => english ? "📬 Digests" : "📬 요약",
            _ => null,
        };
    }
}
