using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// Reports whether notifications reach Telegram: the failure status when the oldest due outbox message has waited
/// longer than the allowed delay (Telegram down or refusing, the token revoked, no dispatcher running anywhere);
/// healthy otherwise. Unhealthy, whatever the failure status, when the outbox store cannot be reached or does not
/// answer within <see cref="DeliveryOptions.StoreTimeout"/>, or while the dispatcher keeps outcomes in memory that the
/// store refused (the description names the store's type). When Telegram's latest answer to a send from this process
/// was 401 (the bot token revoked or wrong), it reports the failure status at once and says so, with
/// <c>bot_token_rejected_since</c> in its data, so a token problem is never mistaken for an outage. Its data: pending,
/// due and dead-lettered counts, the oldest due message's wait, the outcomes the dispatcher keeps in memory for the
/// store, and the end of a 429 pause if one is on. While Telegram does not answer (<see cref="TelegramAvailability"/>) it
/// reports degraded, with <c>telegram_unreachable_since</c> in its data, until the wait exceeds the allowed delay.
/// </summary>
internal sealed class DeliveryHealthCheck(
    IOutboxStore outbox,
    DeliveryRateLimiter limiter,
    BotTokenState token,
    PendingOutcomes pendingOutcomes,
    TelegramAvailability availability,
    TimeProvider time,
    TimeSpan maxDelay,
    TimeSpan storeTimeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        OutboxStats stats;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(storeTimeout);
            stats = await outbox.GetStatsAsync(now, timeout.Token).AsTask().WaitAsync(storeTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(
                $"The outbox store ({outbox.GetType().Name}) is unreachable ({e.GetType().Name}); notifications cannot be queued and delivery waits for it",
                e,
                new Dictionary<string, object>(StringComparer.Ordinal) { ["outcomes_pending"] = pendingOutcomes.Count });
        }

        var wait = stats.OldestDueAt is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["pending"] = stats.Pending,
            ["due"] = stats.Due,
            ["dead_lettered"] = stats.DeadLettered,
            ["oldest_due_wait_seconds"] = Math.Round(wait.TotalSeconds, 1),
            ["outcomes_pending"] = pendingOutcomes.Count,
        };
        var pausedUntil = limiter.PausedUntil;
        if (pausedUntil > now)
        {
            data["rate_limited_until"] = pausedUntil.ToString("o", CultureInfo.InvariantCulture);
        }

        var kept = pendingOutcomes.Count;
        if (kept > 0)
        {
            // it answers reads but not the dispatcher's writes (a locked file, a read-only replica, a full disk)
            return HealthCheckResult.Unhealthy(
                string.Create(CultureInfo.InvariantCulture, $"The outbox store ({outbox.GetType().Name}) refuses the dispatcher's writes: {kept} outcomes wait in memory and nothing new is sent"),
                data: data);
        }

        if (token.RejectedSince is { } since)
        {
            data["bot_token_rejected_since"] = since.ToString("o", CultureInfo.InvariantCulture);
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"Telegram rejects the bot token (401 Unauthorized) since {since:o}: it was revoked or is wrong; {stats.Due} notifications are waiting until SnsTelegram:BotToken is corrected"),
                data: data);
        }

        var unreachableSince = availability.UnreachableSince;
        if (unreachableSince is { } down)
        {
            data["telegram_unreachable_since"] = down.ToString("o", CultureInfo.InvariantCulture);
        }

        if (wait > maxDelay)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"{stats.Due} notifications are waiting; the oldest for {wait.TotalSeconds:0} s (allowed: {maxDelay.TotalSeconds:0} s)")
                + (unreachableSince is { } downSince ? string.Create(CultureInfo.InvariantCulture, $"; Telegram has not answered since {downSince:o}") : string.Empty),
                data: data);
        }

        if (unreachableSince is { } from)
        {
            return HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"Telegram has not answered since {from:o} (server errors, network errors or timeouts); {stats.Due} notifications wait and go out as soon as it answers"),
                data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{stats.Pending} notifications pending, {stats.DeadLettered} dead-lettered"), data);
    }
}
