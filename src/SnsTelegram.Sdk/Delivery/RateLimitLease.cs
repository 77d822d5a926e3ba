namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// A send reserved by the <see cref="DeliveryRateLimiter"/>; give it back to <see cref="DeliveryRateLimiter.Complete"/>
/// when Telegram has answered (or the call ended).
/// </summary>
/// <param name="Id">The reservation's id; 0 for no reservation (an unlimited limiter, or nothing reserved).</param>
/// <param name="StartedAt">When the send was reserved (it starts at once).</param>
/// <param name="RoundTripsBefore">How many round trips the limiter had measured when it started.</param>
/// <param name="Slots">The windows it takes a place in.</param>
/// <param name="AllowPaidBroadcast">Whether it goes out with <c>allow_paid_broadcast</c> (paid broadcasts are on and today's cap is not reached).</param>
/// <param name="Paid">Whether it is above the free rate: Telegram charges it 0.1 Star.</param>
internal readonly record struct RateLimitLease(
    long Id,
    DateTimeOffset StartedAt,
    long RoundTripsBefore,
    RateLimitLease.Places Slots,
    bool AllowPaidBroadcast,
    bool Paid)
{
    /// <summary>The chat's window, if the chat has a limit.</summary>
    public DeliveryRateLimiter.Window? Chat => Slots.Chat.Window;

    /// <summary>The places of one send in the limiter's windows (a window and the generation it was recorded in).</summary>
    internal readonly record struct Places(Place Free, Place Total, Place Chat);

    /// <summary>A place in one window; the default when the send is not in that window.</summary>
    internal readonly record struct Place(DeliveryRateLimiter.Window? Window, int Generation);
}
