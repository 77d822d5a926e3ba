namespace SnsTelegram.Sdk.Delivery;

/// <summary>A send reserved by <see cref="DeliveryRateLimiter.TryAcquire"/>; give it back to <see cref="DeliveryRateLimiter.Complete"/>.</summary>
internal readonly record struct RateLimitLease(long Id, DeliveryRateLimiter.Window? Global, int GlobalSlot, DeliveryRateLimiter.Window? Chat, int ChatSlot);
