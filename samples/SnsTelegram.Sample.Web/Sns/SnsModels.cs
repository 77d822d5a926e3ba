namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The states of a post: <c>scheduled</c> -> <c>publishing</c> (leased) -> <c>published</c> or <c>failed</c>.</summary>
public static class PostStatus
{
    /// <summary>Waiting for its time.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Taken by a publisher run until its lease ends.</summary>
    public const string Publishing = "publishing";

    /// <summary>Published.</summary>
    public const string Published = "published";

    /// <summary>Failed for good.</summary>
    public const string Failed = "failed";
}

/// <summary>A scheduled post of the mini SNS scheduler.</summary>
public sealed record SnsPost(
    long Id,
    string UserId,
    string Platform,
    string Text,
    DateTimeOffset ScheduledAt,
    string Status,
    int Attempts,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? FinishedAt,
    string? PostUrl,
    long Likes,
    long Comments,
    long Shares,
    long Views,
    string? Error,
    long? AutomationRunId,
    bool Notified,
    DateTimeOffset CreatedAt);

/// <summary>An automation rule: posts to its platforms on a cron schedule.</summary>
public sealed record SnsAutomation(
    long Id,
    string UserId,
    string Name,
    IReadOnlyList<string> Platforms,
    string Cron,
    string TimeZone,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    string? LastStatus,
    DateTimeOffset CreatedAt);

/// <summary>A run of an automation rule whose posts have all finished and whose notification is not sent yet.</summary>
public sealed record FinishedAutomationRun(
    long Id,
    long AutomationId,
    string UserId,
    string RuleName,
    IReadOnlyList<string> Platforms,
    DateTimeOffset Occurrence,
    int Published,
    int Failed,
    string? FirstError);

/// <summary>What the simulated publisher did with a post.</summary>
public sealed record PublishResult(bool Succeeded, string? PostUrl, long Likes, long Comments, long Shares, long Views, string? Error)
{
    /// <summary>A failure with a reason.</summary>
    public static PublishResult Failure(string error) => new(false, null, 0, 0, 0, 0, error);
}
