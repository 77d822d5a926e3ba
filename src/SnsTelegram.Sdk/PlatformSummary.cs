namespace SnsTelegram.Sdk;

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
