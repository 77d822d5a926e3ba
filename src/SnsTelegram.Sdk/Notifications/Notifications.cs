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

    /// <summary>All type names.</summary>
    public static IReadOnlyList<string> All { get; } = [PostSuccess, PostFailure, AutomationExecuted, DailySummary, Test];
}

/// <summary>Something the app tells a user about on Telegram.</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
public abstract record SnsNotification(string UserId)
{
    /// <summary>The type name (<see cref="NotificationTypes"/>).</summary>
    public abstract string Type { get; }

    /// <summary>
    /// A key that makes enqueueing idempotent: a second notification with the same key is not sent again.
    /// When null, the library derives one where the notification identifies itself (a post id, a report date) and otherwise makes a unique one.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A scheduled post was published (<c>post_success</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="Platform">Where the post went.</param>
/// <param name="Preview">The post's text (shortened in the message).</param>
/// <param name="PostUrl">The published post's address; shown as a link and a "View post" button.</param>
/// <param name="Likes">Likes so far, when known.</param>
/// <param name="Comments">Comments so far, when known.</param>
/// <param name="PublishedAt">When it was published; null means now.</param>
public sealed record PostPublished(
    string UserId,
    SnsPlatform Platform,
    string? Preview,
    string? PostUrl,
    long? Likes = null,
    long? Comments = null,
    DateTimeOffset? PublishedAt = null) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.PostSuccess;

    /// <summary>Shares so far, when known.</summary>
    public long? Shares { get; init; }

    /// <summary>Views so far, when known.</summary>
    public long? Views { get; init; }

    /// <summary>The app's id of the post, when it has one (used for the default idempotency key).</summary>
    public string? PostId { get; init; }

    /// <summary>
    /// A picture of the post (its image or a screenshot), an absolute https URL; the message is then sent as a photo with
    /// the text as its caption (at most 1024 characters, shortened when longer). If Telegram cannot fetch the picture,
    /// the text is sent alone.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an absolute https URL.</exception>
    public string? ImageUrl
    {
        get;
        init => field = TelegramPhoto.CheckOptionalUrl(value, nameof(ImageUrl));
    }
}

/// <summary>A scheduled post failed (<c>post_failure</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="Platform">Where the post should have gone.</param>
/// <param name="Preview">The post's text (shortened in the message).</param>
/// <param name="ErrorMessage">Why it failed, as the app words it.</param>
/// <param name="FailedAt">When it failed; null means now.</param>
public sealed record PostFailed(
    string UserId,
    SnsPlatform Platform,
    string? Preview,
    string? ErrorMessage,
    DateTimeOffset? FailedAt = null) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.PostFailure;

    /// <summary>The app's id of the post; with an <see cref="IPostRetryHandler"/> registered, the message carries a "Retry" button.</summary>
    public string? PostId { get; init; }

    /// <summary>
    /// A picture of the post (its image or a screenshot of the failure), an absolute https URL; the message is then sent
    /// as a photo with the text as its caption (at most 1024 characters). If Telegram cannot fetch the picture, the text
    /// is sent alone.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an absolute https URL.</exception>
    public string? ImageUrl
    {
        get;
        init => field = TelegramPhoto.CheckOptionalUrl(value, nameof(ImageUrl));
    }
}

/// <summary>How an automation rule's run ended.</summary>
public enum AutomationStatus
{
    /// <summary>Every step ran.</summary>
    Completed,

    /// <summary>Some platforms succeeded and some failed.</summary>
    PartiallyCompleted,

    /// <summary>The run failed.</summary>
    Failed,
}

/// <summary>An automation rule ran (<c>automation_executed</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="RuleName">The rule's name, as the user gave it.</param>
/// <param name="Platforms">The platforms the rule posts to.</param>
/// <param name="ExecutedAt">When it ran; null means now.</param>
/// <param name="Status">How it ended.</param>
public sealed record AutomationExecuted(
    string UserId,
    string RuleName,
    IReadOnlyList<SnsPlatform> Platforms,
    DateTimeOffset? ExecutedAt = null,
    AutomationStatus Status = AutomationStatus.Completed) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.AutomationExecuted;

    /// <summary>A detail line, for example an error message of a failed run.</summary>
    public string? Detail { get; init; }
}

/// <summary>One platform's line in a daily report.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="Posts">Posts attempted.</param>
/// <param name="Succeeded">Posts published.</param>
/// <param name="Failed">Posts that failed.</param>
/// <param name="Likes">Likes of the published posts.</param>
/// <param name="Comments">Comments of the published posts.</param>
/// <param name="Shares">Shares of the published posts.</param>
/// <param name="Views">Views of the published posts.</param>
public sealed record PlatformSummary(
    SnsPlatform Platform,
    int Posts,
    int Succeeded,
    int Failed,
    long Likes = 0,
    long Comments = 0,
    long Shares = 0,
    long Views = 0)
{
    /// <summary>Likes, comments and shares together (views are not engagement).</summary>
    public long Engagement => Likes + Comments + Shares;
}

/// <summary>The daily report of one user for one local date (<c>daily_summary</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="Date">The local date the report covers.</param>
/// <param name="TotalPosts">Posts attempted that day.</param>
/// <param name="Succeeded">Posts published.</param>
/// <param name="Failed">Posts that failed.</param>
/// <param name="TotalEngagement">Likes, comments and shares of that day's posts.</param>
/// <param name="Platforms">One line per platform, in the order to show.</param>
public sealed record DailySummary(
    string UserId,
    DateOnly Date,
    int TotalPosts,
    int Succeeded,
    int Failed,
    long TotalEngagement,
    IReadOnlyList<PlatformSummary> Platforms) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.DailySummary;
}

/// <summary>A test message the user asked for (<c>test</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
public sealed record TestMessage(string UserId) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.Test;
}
