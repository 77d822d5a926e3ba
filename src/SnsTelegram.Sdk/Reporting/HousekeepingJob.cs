using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// <c>telegram_housekeeping</c>: removes link tokens expired more than a day ago (until then redeeming one says "expired"
/// rather than "not found"), processed update ids older than two days (Telegram redelivers an update for at most a day),
/// sent or dead-lettered outbox messages, kept (unreadable) updates and button action records older than
/// <see cref="DeliveryOptions.Retention"/> (a button stays on its message, so its record lives as long as the message's
/// record), job occurrences scheduled more than a week ago (the run history stays), and rate-limit permits whose window
/// has ended, digest windows closed more than <see cref="DigestOptions.Retention"/> ago with their events, and the
/// activity log's notes (muted and digested notifications) older than <see cref="DeliveryOptions.Retention"/>.
/// </summary>
internal sealed class HousekeepingJob(
    ILinkTokenStore tokens,
    IProcessedUpdateStore updates,
    IOutboxStore outbox,
    IJobLeaseStore jobs,
    IRateLimitStore permits,
    IDigestStore digests,
    INotificationNoteStore notes,
    TimeProvider time,
    IOptions<SnsTelegramOptions> options,
    ILogger<HousekeepingJob> logger) : IScheduledJob
{
    internal static readonly TimeSpan ExpiredTokenGrace = TimeSpan.FromDays(1);

    internal static readonly TimeSpan ProcessedUpdateRetention = TimeSpan.FromDays(2);

    internal static readonly TimeSpan OccurrenceRetention = TimeSpan.FromDays(7);

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purgedTokens = await tokens.PurgeAsync(now - ExpiredTokenGrace, cancellationToken).ConfigureAwait(false);
        var purgedUpdates = await updates.PurgeAsync(now - ProcessedUpdateRetention, cancellationToken).ConfigureAwait(false);
        var purgedMessages = await outbox.PurgeAsync(now - options.Value.Delivery.Retention, cancellationToken).ConfigureAwait(false);
        var purgedOccurrences = await jobs.PurgeAsync(now - OccurrenceRetention, cancellationToken).ConfigureAwait(false);
        var purgedPermits = await permits.PurgeAsync(now, cancellationToken).ConfigureAwait(false);
        var purgedUnreadable = await updates.PurgeUnreadableAsync(now - options.Value.Delivery.Retention, cancellationToken).ConfigureAwait(false);
        var purgedActions = await updates.PurgeButtonActionsAsync(now - options.Value.Delivery.Retention, cancellationToken).ConfigureAwait(false);
        var purgedDigests = await digests.PurgeAsync(now - options.Value.Digest.Retention, cancellationToken).ConfigureAwait(false);
        var purgedNotes = await notes.PurgeAsync(now - options.Value.Delivery.Retention, cancellationToken).ConfigureAwait(false);
        Log.HousekeepingDone(logger, purgedTokens, purgedUpdates, purgedMessages, purgedOccurrences, purgedPermits, purgedUnreadable, purgedActions, purgedDigests, purgedNotes);
    }
}
