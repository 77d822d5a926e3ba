namespace SnsTelegram.Sdk;

/// <summary>The kind of Telegram chat a user is linked to.</summary>
public enum TelegramChatType
{
    /// <summary>A one-to-one chat with the bot.</summary>
    Private,

    /// <summary>A basic group.</summary>
    Group,

    /// <summary>A supergroup.</summary>
    Supergroup,

    /// <summary>A channel.</summary>
    Channel,
}

/// <summary>A local time range in which messages arrive silently. It may pass midnight (22:00 to 07:00).</summary>
/// <param name="Start">The first quiet minute.</param>
/// <param name="End">The first minute after the quiet range.</param>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether <paramref name="localTime"/> falls in the range.</summary>
    public bool Contains(TimeOnly localTime) =>
        Start <= End ? localTime >= Start && localTime < End : localTime >= Start || localTime < End;
}

/// <summary>Why a link was turned off.</summary>
public static class ChatLinkDisabledReasons
{
    /// <summary>The user sent <c>/stop</c> or pressed a "turn off" button.</summary>
    public const string StoppedByUser = "stopped_by_user";

    /// <summary>The user blocked the bot, or the bot was removed from the group.</summary>
    public const string BotBlocked = "bot_blocked";

    /// <summary>Telegram no longer knows the chat.</summary>
    public const string ChatNotFound = "chat_not_found";

    /// <summary>The user's Telegram account was deactivated.</summary>
    public const string UserDeactivated = "user_deactivated";
}

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

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Equals(ChatLink? other) =>
        other is not null && UserId == other.UserId && ChatId == other.ChatId && ChatType == other.ChatType
        && Enabled == other.Enabled && LinkedAt == other.LinkedAt && DisabledReason == other.DisabledReason
        && Language == other.Language && TimeZone == other.TimeZone && DailyReportTime == other.DailyReportTime
        && MutedTypes.SetEquals(other.MutedTypes) && QuietHours == other.QuietHours;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, ChatId, Enabled);
}

/// <summary>
/// Stores users' links to chats. A user has at most one link; a group chat may serve several users
/// (a team), a private chat one (linking it to another account moves it).
/// </summary>
public interface IChatLinkStore
{
    /// <summary>The user's link, or null.</summary>
    ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The links to one chat.</summary>
    ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="link"/> as the user's link, replacing the user's previous one. When
    /// <paramref name="exclusiveChat"/> is true, other users' links to the same chat are removed.
    /// </summary>
    /// <returns>The ids of the users whose links to that chat were removed.</returns>
    ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default);

    /// <summary>Replaces the settings of an existing link (matched by user id); false when the user has no link.</summary>
    ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default);

    /// <summary>Removes the user's link; false when there was none.</summary>
    ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Turns every link to a chat on or off; returns how many links changed.</summary>
    ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default);

    /// <summary>Moves every link from one chat id to another (a group became a supergroup); returns how many moved.</summary>
    ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default);

    /// <summary>Enabled links in ascending ordinal order of user id, after <paramref name="afterUserId"/> (null: from the start), at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default);
}
