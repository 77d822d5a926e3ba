using System.Runtime.CompilerServices;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sample.Web.Sns;

// <activity-source>
/// <summary>Feeds the daily report from the sample's posts table.</summary>
public sealed class SnsPostActivitySource(SnsRepository repository) : IPostActivitySource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<PostActivity> GetActivityAsync(
        IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var post in repository.FinishedPostsAsync(userIds, fromUtc, toUtc, cancellationToken))
        {
            yield return new PostActivity(
                post.UserId,
                SnsPlatform.Parse(post.Platform),
                post.Status == PostStatus.Published ? PostOutcome.Succeeded : PostOutcome.Failed,
                post.FinishedAt ?? post.ScheduledAt,
                post.Likes,
                post.Comments,
                post.Shares,
                post.Views);
        }
    }
}
// </activity-source>
