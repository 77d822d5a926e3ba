namespace SnsTelegram.Sdk;

/// <summary>The notification type names, as the original dispatcher (<c>send_sns_notification</c>) knew them.</summary>
public static class NotificationTypes
{
    /// <summary>A scheduled post was published.</summary>
    public const string PostSuccess = "post_success";

    /// <summary>A scheduled post failed.</summary>
    public const string PostFailure = "post_failure";

    /// <summary>An automation rule ran.</summary>
    public const string AutomationExecuted = "automation_executed";

    /// <summary>The daily report.</summary>
    public const string DailySummary = "daily_summary";

    /// <summary>A test message asked for by the user.</summary>
    public const string Test = "test";

    /// <summary>
    /// The bot's own replies (link confirmations, codes, command answers): queued in the outbox in the urgent lane under
    /// this type, never muted and not one of <see cref="All"/>.
    /// </summary>
    public const string BotReply = "bot_reply";

    /// <summary>A digest: the events of one digest window (or of quiet hours in hold mode) merged into one message. Not a type an app notifies.</summary>
    public const string Digest = "digest";

    /// <summary>The type names of the notifications an app sends (a user may mute each but <c>test</c>).</summary>
    public static IReadOnlyList<string> All { get; } = [PostSuccess, PostFailure, AutomationExecuted, DailySummary, Test];
}
