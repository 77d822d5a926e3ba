namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The answer of <see cref="DeliveryRateLimiter.WaitForSlotAsync"/>: a reserved send (<see cref="Acquired"/>), or how long
/// the caller would have had to wait (<see cref="Wait"/>), longer than it was willing to.
/// </summary>
/// <param name="Lease">The reservation, when acquired; hand it to <see cref="DeliveryRateLimiter.Complete"/>.</param>
/// <param name="Wait">Zero when acquired; otherwise the wait that was too long.</param>
internal readonly record struct RateSlot(RateLimitLease Lease, TimeSpan Wait)
{
    /// <summary>Whether a send was reserved.</summary>
    public bool Acquired => Wait <= TimeSpan.Zero;
}
