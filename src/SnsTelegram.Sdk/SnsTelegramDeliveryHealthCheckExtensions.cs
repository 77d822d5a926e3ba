#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Operations;
using SnsTelegram.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SnsTelegram's delivery health check.</summary>
public static class SnsTelegramDeliveryHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check of notification delivery: <paramref name="failureStatus"/> (unhealthy by default) when the
    /// oldest due outbox message has waited longer than <paramref name="maxDelay"/>. Its data lists the pending, due
    /// and dead-lettered counts, the oldest due message's wait, and a 429 pause if one is on.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default: <c>snstelegram_delivery</c>.</param>
    /// <param name="maxDelay">The longest wait of a due message that counts as healthy. Default: 5 minutes.</param>
    /// <param name="failureStatus">The status reported on failure. Default: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags of the check.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDelay"/> is not positive.</exception>
    public static IHealthChecksBuilder AddSnsTelegramDelivery(
        this IHealthChecksBuilder builder,
        string name = "snstelegram_delivery",
        TimeSpan? maxDelay = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var delay = maxDelay ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero, nameof(maxDelay));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new DeliveryHealthCheck(
                sp.GetRequiredService<IOutboxStore>(),
                sp.GetRequiredService<DeliveryRateLimiter>(),
                sp.GetRequiredService<BotTokenState>(),
                sp.GetRequiredService<PendingOutcomes>(),
                sp.GetRequiredService<TelegramAvailability>(),
                sp.GetRequiredService<TimeProvider>(),
                delay,
                sp.GetRequiredService<IOptions<SnsTelegram.Sdk.SnsTelegramOptions>>().Value.Delivery.StoreTimeout),
            failureStatus ?? HealthStatus.Unhealthy,
            tags));
    }
}
