namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The forum topic each notification type goes to in a forum supergroup, named in the group's language, or (routed by
/// platform) each social network's topic, named after it ("📸 Instagram"). Types without a topic (the test message, the
/// bot's replies) go to the General topic.
/// </summary>
internal static class TopicNames
{
    /// <summary>The prefix of a platform's topic key in a forum's map (<c>ChatLink.ForumTopics</c>).</summary>
    public const string PlatformPrefix = "platform:";

    /// <summary>The longest topic name Telegram takes (<c>createForumTopic</c>: 1 to 128 characters).</summary>
    public const int MaxLength = 128;

    /// <summary>The topic key of a platform's topic: <c>platform:&lt;id&gt;</c>.</summary>
    public static string PlatformKey(string platformId) => PlatformPrefix + platformId;

    /// <summary>The topic name for <paramref name="notificationType"/> (a type or a platform's key) in <paramref name="language"/>, or null when the type has no topic of its own.</summary>
    public static string? For(string notificationType, string? language)
    {
        if (notificationType.StartsWith(PlatformPrefix, StringComparison.Ordinal))
        {
            if (!SnsPlatform.TryParse(notificationType[PlatformPrefix.Length..], out var platform))
            {
                return null;
            }

            var name = $"{platform.Emoji} {platform.DisplayName}";
            return name.Length <= MaxLength ? name : name[..MaxLength].TrimEnd();
        }

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
