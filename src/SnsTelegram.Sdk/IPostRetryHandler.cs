namespace SnsTelegram.Sdk;

/// <summary>Implemented by the host to retry a failed post when the user presses "Retry" under a failure message.</summary>
public interface IPostRetryHandler
{
    /// <summary>Retries the post; returns a short text the bot shows the user (for example "Retry scheduled").</summary>
    ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default);
}
