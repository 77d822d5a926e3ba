using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>Publishes a post to a social network. The sample's only implementation is <see cref="SimulatedPublisher"/>.</summary>
public interface ISnsPublisher
{
    /// <summary>
    /// Publishes the post. Must be idempotent per post id (a real publisher passes the post id as the platform's
    /// idempotency key), because a post whose publisher died is published again after its lease ends.
    /// </summary>
    Task<PublishResult> PublishAsync(SnsPost post, CancellationToken cancellationToken);
}

/// <summary>
/// A deterministic stand-in for the social networks: the outcome and the engagement figures of a post follow from its
/// id, platform and text, so publishing it twice gives the same result. <see cref="SampleOptions.FailureRate"/> of the
/// posts fail; a text containing <c>#fail</c> always fails.
/// </summary>
public sealed class SimulatedPublisher(IOptions<SampleOptions> options) : ISnsPublisher
{
    private static readonly string[] Errors =
    [
        "The platform rejected the access token (simulated)",
        "The platform's rate limit was reached (simulated)",
        "The media upload timed out (simulated)",
    ];

    /// <inheritdoc />
    public Task<PublishResult> PublishAsync(SnsPost post, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var hash = Fnv1a($"{post.Id}|{post.Platform}|{post.Text}");
        var forced = post.Text.Contains("#fail", StringComparison.OrdinalIgnoreCase);
        if (forced || hash % 10_000 < (ulong)Math.Round(settings.FailureRate * 10_000))
        {
            return Task.FromResult(PublishResult.Failure(Errors[(int)((hash >> 20) % (ulong)Errors.Length)]));
        }

        var scale = settings.EngagementScale;
        var likes = (long)Math.Round(((hash >> 8) % 2_000 + 10) * scale);
        var comments = (long)Math.Round(((hash >> 24) % 120) * scale);
        var shares = (long)Math.Round(((hash >> 32) % 60) * scale);
        var views = (long)Math.Round(((hash >> 40) % 20_000 + 100) * scale);
        var url = $"https://example.com/{post.Platform}/posts/{post.Id.ToString(CultureInfo.InvariantCulture)}";
        return Task.FromResult(new PublishResult(true, url, likes, comments, shares, views, null));
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
