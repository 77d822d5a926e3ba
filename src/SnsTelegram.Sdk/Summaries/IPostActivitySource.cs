namespace SnsTelegram.Sdk;

/// <summary>How a post attempt ended.</summary>
public enum PostOutcome
{
    /// <summary>Published.</summary>
    Succeeded,

    /// <summary>Failed.</summary>
    Failed,
}

/// <summary>One post attempt of a user, as the host's data knows it.</summary>
/// <param name="UserId">The app's id of the user.</param>
/// <param name="Platform">Where it went.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="At">When it was published or failed.</param>
/// <param name="Likes">Likes.</param>
/// <param name="Comments">Comments.</param>
/// <param name="Shares">Shares.</param>
/// <param name="Views">Views.</param>
public readonly record struct PostActivity(
    string UserId,
    SnsPlatform Platform,
    PostOutcome Outcome,
    DateTimeOffset At,
    long Likes = 0,
    long Comments = 0,
    long Shares = 0,
    long Views = 0);

/// <summary>Supplied by the host: the post activity the daily report aggregates.</summary>
public interface IPostActivitySource
{
    /// <summary>
    /// The posts of the given users in the UTC range [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in any order.
    /// </summary>
    IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default);
}
