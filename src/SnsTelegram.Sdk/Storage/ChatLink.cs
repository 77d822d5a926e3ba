namespace SnsTelegram.Sdk.Storage;

/// <summary>One user's link to a Telegram chat, with their notification settings.</summary>
public sealed record ChatLink
{
    /// <summary>The app's id of the user.</summary>
    public required string UserId { get; init; }

    /// <summary>The Telegram chat id.</summary>
    public required long ChatId { get; init; }

    /// <summary>The kind of chat.</summary>
    public TelegramChatType ChatType { get; init; } = TelegramChatType.Private;

    /// <summary>Whether notifications are sent.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>When the link was made.</summary>
    public required DateTimeOffset LinkedAt { get; init; }

    /// <summary>Why the link was turned off (<see cref="ChatLinkDisabledReasons"/>), or null.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>The user's language (<c>ko</c>, <c>en</c>), or null for the default.</summary>
    public string? Language { get; init; }

    /// <summary>The user's IANA time zone, or null for the default.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The local time of the user's daily report, or null for the default.</summary>
    public TimeOnly? DailyReportTime { get; init; }

    /// <summary>Notification types the user does not want (<see cref="NotificationTypes"/>).</summary>
    public IReadOnlySet<string> MutedTypes { get; init; } = EmptySet;

    /// <summary>The user's quiet hours, or null for none.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>The length of the user's digest window in minutes: 0 (off, the default) or 1 to 1440.</summary>
    public int DigestMinutes { get; init; }

    /// <summary>
    /// The notification types merged into a digest, or null for the default (<see cref="DigestTypesDefault"/>: every
    /// type except <c>post_failure</c> and <c>daily_summary</c>).
    /// </summary>
    public IReadOnlySet<string>? DigestTypes { get; init; }

    /// <summary>
    /// For a forum supergroup, the topic each notification type goes to (type → <c>message_thread_id</c>), filled as the
    /// bot creates topics; empty for a forum without topics yet; null when the chat is not a forum (messages go to the
    /// chat itself). Every link to one forum carries the same map.
    /// </summary>
    public IReadOnlyDictionary<string, int>? ForumTopics { get; init; }

    /// <summary>The types a digest takes when <see cref="DigestTypes"/> is null.</summary>
    public static IReadOnlySet<string> DigestTypesDefault { get; } = new HashSet<string>(StringComparer.Ordinal) { NotificationTypes.PostSuccess, NotificationTypes.AutomationExecuted };

    /// <summary>The types that can be merged into a digest at all.</summary>
    public static IReadOnlySet<string> DigestibleTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { NotificationTypes.PostSuccess, NotificationTypes.PostFailure, NotificationTypes.AutomationExecuted };

    /// <summary>Whether a notification of <paramref name="type"/> goes into this user's digest window.</summary>
    /// <param name="type">A notification type.</param>
    /// <returns>True when digests are on and the type is one of the user's digest types.</returns>
    public bool Digests(string type) => DigestMinutes > 0 && (DigestTypes ?? DigestTypesDefault).Contains(type);

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Equals(ChatLink? other) =>
        other is not null && UserId == other.UserId && ChatId == other.ChatId && ChatType == other.ChatType
        && Enabled == other.Enabled && LinkedAt == other.LinkedAt && DisabledReason == other.DisabledReason
        && Language == other.Language && TimeZone == other.TimeZone && DailyReportTime == other.DailyReportTime
        && MutedTypes.SetEquals(other.MutedTypes) && QuietHours == other.QuietHours && DigestMinutes == other.DigestMinutes
        && (DigestTypes is null ? other.DigestTypes is null : other.DigestTypes is not null && DigestTypes.SetEquals(other.DigestTypes))
        && (ForumTopics is null ? other.ForumTopics is null : other.ForumTopics is not null && ForumTopics.Count == other.ForumTopics.Count
            && ForumTopics.All(t => other.ForumTopics.TryGetValue(t.Key, out var id) && id == t.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, ChatId, Enabled);
}
