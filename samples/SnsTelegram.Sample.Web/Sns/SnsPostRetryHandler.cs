using System.Globalization;
using SnsTelegram.Sdk;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The "Retry" button under a failure message: schedules a copy of the failed post, due now.</summary>
public sealed class SnsPostRetryHandler(SnsRepository repository, TimeProvider time) : IPostRetryHandler
{
    /// <inheritdoc />
    public async ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(postId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return "This post cannot be retried.";
        }

        var post = await repository.GetPostAsync(id, cancellationToken);
        if (post is null || post.UserId != userId)
        {
            return "This post no longer exists.";
        }

        if (post.Status != PostStatus.Failed)
        {
            return "This post did not fail.";
        }

        var now = time.GetUtcNow();
        await repository.CreatePostAsync(userId, post.Platform, post.Text, now, now, cancellationToken);
        return "Retry scheduled: the post will be published within the next run.";
    }
}
