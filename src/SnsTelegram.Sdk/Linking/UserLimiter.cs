using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// The per-user limits of the account endpoints, kept in <see cref="IRateLimitStore"/>: a permit is taken before the
/// work it limits, in one atomic step of the store, so neither parallel requests nor instances sharing the store can
/// pass a limit. A user is counted under the SHA-256 hash of their id, so user ids of any length and content make
/// keys of the same safe shape, and the store never holds the id itself.
/// </summary>
internal sealed class UserLimiter(IRateLimitStore store, TimeProvider time, LinkingMetrics metrics)
{
    /// <summary>Codes evaluated on <c>verify-link</c>.</summary>
    public const string VerifyLink = "verify-link";

    /// <summary>Deep-link tokens issued on <c>link-account</c>.</summary>
    public const string LinkAccount = "link-account";

    /// <summary><c>send-test-message</c> requests.</summary>
    public const string TestMessage = "send-test-message";

    /// <summary><c>PATCH settings</c> requests.</summary>
    public const string Settings = "settings";

    /// <summary>Takes a permit of <paramref name="scope"/> for <paramref name="userId"/>, or says how long to wait.</summary>
    public async ValueTask<RateLimitResult> TryTakeAsync(string scope, string userId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var result = await store.TryTakeAsync(scope, Key(userId), limit, window, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!result.Granted)
        {
            metrics.UserLimitRefused(scope);
        }

        return result;
    }

    /// <summary>
    /// Gives a permit back for a request that did no limited work. Not cancelable: a request that ends while giving it
    /// back would otherwise leave it counted.
    /// </summary>
    public async ValueTask ReturnAsync(RateLimitPermit permit) => await store.ReturnAsync(permit, CancellationToken.None).ConfigureAwait(false);

    /// <summary>The key a user is counted under: the base64url SHA-256 hash of the id (43 characters).</summary>
    internal static string Key(string userId) => LinkSecrets.Hash(userId);
}
