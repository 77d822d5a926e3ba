using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// Reports whether notifications reach Telegram: the failure status when the oldest due outbox message has waited
/// longer than the allowed delay (Telegram down or refusing, the token revoked, no dispatcher running anywhere);
/// healthy otherwise. Its data: pending, due and dead-lettered counts, the oldest due message's wait, and the end of
/// a 429 pause if one is on. When Telegram's latest answer to a send from this process was 401 (the bot token revoked or
/// wrong), it reports the failure status at once and says so, with <c>bot_token_rejected_since</c> in its data, so a
/// token problem is never mistaken for an outage.
/// </summary>
internal sealed class DeliveryHealthCheck(IOutboxStore outbox, DeliveryRateLimiter limiter, BotTokenState token, TimeProvider time, TimeSpan maxDelay) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var stats = await outbox.GetStatsAsync(now, cancellationToken).ConfigureAwait(false);
        var wait = stats.OldestDueAt is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["pending"] = stats.Pending,
            ["due"] = stats.Due,
            ["dead_lettered"] = stats.DeadLettered,
            ["oldest_due_wait_seconds"] = Math.Round(wait.TotalSeconds, 1),
        };
        var pausedUntil = limiter.PausedUntil;
        if (pausedUntil > now)
        {
            data["rate_limited_until"] = pausedUntil.ToString("o", CultureInfo.InvariantCulture);
        }

        if (token.RejectedSince is { } since)
        {
            data["bot_token_rejected_since"] = since.ToString("o", CultureInfo.InvariantCulture);
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"Telegram rejects the bot token (401 Unauthorized) since {since:o}: it was revoked or is wrong; {stats.Due} notifications are waiting until SnsTelegram:BotToken is corrected"),
                data: data);
        }

        if (wait > maxDelay)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"{stats.Due} notifications are waiting; the oldest for {wait.TotalSeconds:0} s (allowed: {maxDelay.TotalSeconds:0} s)"),
                data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{stats.Pending} notifications pending, {stats.DeadLettered} dead-lettered"), data);
    }
}
