namespace SnsTelegram.Sdk.Storage;

/// <summary>The answer of <see cref="IRateLimitStore.TryTakeAsync"/>: a permit, or how long until one may be taken.</summary>
/// <param name="Permit">The permit taken, or null when the limit was reached.</param>
/// <param name="RetryAfter">When refused, how long until a permit leaves the window (positive); zero when granted.</param>
public readonly record struct RateLimitResult(RateLimitPermit? Permit, TimeSpan RetryAfter)
{
    /// <summary>Whether a permit was taken.</summary>
    public bool Granted => Permit is not null;

    /// <summary>A granted permit.</summary>
    /// <param name="permit">The permit.</param>
    /// <returns>The answer.</returns>
    public static RateLimitResult Grant(RateLimitPermit permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return new RateLimitResult(permit, TimeSpan.Zero);
    }

    /// <summary>A refusal, with the wait until a permit leaves the window (at least one tick).</summary>
    /// <param name="retryAfter">The wait.</param>
    /// <returns>The answer.</returns>
    public static RateLimitResult Refuse(TimeSpan retryAfter) => new(null, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromTicks(1));
}
