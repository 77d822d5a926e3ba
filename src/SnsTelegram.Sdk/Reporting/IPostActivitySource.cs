namespace SnsTelegram.Sdk.Reporting;

/// <summary>Supplied by the host: the post activity the daily report aggregates.</summary>
public interface IPostActivitySource
{
    /// <summary>
    /// The posts of the given users in the UTC range [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in any order.
    /// </summary>
    IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default);
}
