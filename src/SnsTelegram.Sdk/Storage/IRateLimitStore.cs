namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Per-key limits shared by every instance that uses the store: at most a given number of permits per sliding window
/// for each (scope, key). Taking a permit is one atomic step, so concurrent requests, in one process or in several,
/// can never be granted more permits than the limit.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Takes a permit for (<paramref name="scope"/>, <paramref name="key"/>) when fewer than <paramref name="limit"/>
    /// permits of that pair were taken in the window that ends at <paramref name="now"/> (a permit counts while
    /// <c>now - takenAt &lt; window</c>); otherwise takes nothing and says how long until one of them leaves the window.
    /// The check and the take are one atomic step across every caller of the store.
    /// </summary>
    /// <param name="scope">What is limited, such as <c>verify-link</c>; each scope counts on its own.</param>
    /// <param name="key">Whose requests are counted, at most <see cref="StoreArguments.MaxRateLimitKeyLength"/> characters.</param>
    /// <param name="limit">The most permits in one window; at least 1.</param>
    /// <param name="window">The length of the sliding window; positive.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permit, or when to try again.</returns>
    ValueTask<RateLimitResult> TryTakeAsync(string scope, string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a permit back, so that it no longer counts (a request that turned out not to need one). True when the
    /// permit was still held; false when it was already given back or purged.
    /// </summary>
    ValueTask<bool> ReturnAsync(RateLimitPermit permit, CancellationToken cancellationToken = default);

    /// <summary>Forgets permits whose window ended at or before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
