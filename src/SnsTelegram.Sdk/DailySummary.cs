namespace SnsTelegram.Sdk;

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
