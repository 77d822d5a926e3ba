using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// <c>telegram_daily_summary</c>. Each run pages through the enabled links (never all users at once) and finds the
/// users whose local report time of today has come (a report time skipped by a spring-forward counts as reached at the
/// first valid instant after it). Each of them is due the report of their local yesterday, covering
/// [yesterday 00:00, today 00:00) local time. Users already handled are dropped cheaply (this process's ledger, then
/// the outbox by idempotency key); the rest of a batch are aggregated from one activity query over the batch's union
/// range and enqueued with the key <c>daily_summary:&lt;user&gt;:&lt;yyyy-MM-dd&gt;</c> (the date the report covers),
/// which makes the report go out once per user and date whatever runs twice, in parallel or after a crash.
/// The first run after a gap (no instance ran the job for a while: the app was down) also sends, oldest first, the
/// reports of up to <see cref="DailySummaryOptions.CatchUpDays"/> earlier days whose report time fell in the gap, to
/// users linked by then.
/// </summary>
internal sealed class DailySummaryJob(
    IChatLinkStore links,
    IOutboxStore outbox,
    IJobLeaseStore jobs,
    IPostActivitySource activitySource,
    ISnsTelegramNotifier notifier,
    DailySummaryLedger ledger,
    TimeProvider time,
    IOptions<SnsTelegramOptions> options,
    SchedulingMetrics metrics,
    ILogger<DailySummaryJob> logger) : IScheduledJob
{
    /// <summary>The registered schedule: every minute, because each user's report time is in their own zone.</summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var last = await jobs.GetLastRunAsync(context.JobId, cancellationToken).ConfigureAwait(false);
        var result = await RunAsync(last?.StartedAt, cancellationToken).ConfigureAwait(false);
        if (result.Failed > 0)
        {
            throw new InvalidOperationException($"{result.Failed} daily reports failed; the next run tries them again.");
        }
    }

    /// <summary>One pass over every enabled link at the current time, with no catch-up.</summary>
    internal Task<DailySummaryRunResult> RunAsync(CancellationToken cancellationToken) => RunAsync(lastRunAt: null, cancellationToken);

    /// <summary>
    /// One pass over every enabled link at the current time; when the job last ran at <paramref name="lastRunAt"/>, more
    /// than two check intervals ago, first the catch-up passes for the report times missed since then.
    /// </summary>
    internal async Task<DailySummaryRunResult> RunAsync(DateTimeOffset? lastRunAt, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var result = new DailySummaryRunResult();
        var catchUpDays = lastRunAt is { } since && now - since > 2 * CheckInterval ? o.DailySummary.CatchUpDays : 0;

        // oldest first: the ledger remembers the latest date handled per user
        for (var daysBack = catchUpDays; daysBack >= 0; daysBack--)
        {
            await PassAsync(now, daysBack, lastRunAt, result, cancellationToken).ConfigureAwait(false);
        }

        if (result.Late > 0)
        {
            Log.DailySummaryCatchUp(logger, result.Late, lastRunAt!.Value);
        }

        metrics.RecordReports("queued", result.Queued);
        metrics.RecordReports("duplicate", result.Duplicate);
        metrics.RecordReports("no_posts", result.NoPosts);
        metrics.RecordReports("not_delivered", result.NotDelivered);
        metrics.RecordReports("failed", result.Failed);
        // a run with nothing due is routine (it happens every few minutes): Debug; one that did something: Information
        var level = result.Due > 0 || result.Failed > 0 ? LogLevel.Information : LogLevel.Debug;
        Log.DailySummaryRun(logger, level, result.Due, result.AlreadySent, result.Queued, result.Duplicate, result.NoPosts, result.NotDelivered, result.Failed);
        return result;
    }

    /// <summary>
    /// Pages through the enabled links and handles each user's report whose report time is the one
    /// <paramref name="daysBack"/> days before their local today (0: yesterday's report, as every run does).
    /// </summary>
    private async Task PassAsync(DateTimeOffset now, int daysBack, DateTimeOffset? missedSince, DailySummaryRunResult result, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var defaultZone = LocalTimes.FindZone(o.DefaultTimeZone) ?? TimeZoneInfo.Utc;
        var batchSize = o.DailySummary.BatchSize;
        var oldestToday = DateOnly.MaxValue;
        string? after = null;
        while (true)
        {
            var page = await links.ListEnabledAsync(after, batchSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].UserId;
            var due = new List<DueReport>();
            foreach (var link in page)
            {
                if (FindDue(link, now, defaultZone, o.DailySummary.DefaultReportTime, daysBack, missedSince) is not { } report)
                {
                    continue;
                }

                if (daysBack > 0)
                {
                    result.Late++;
                }

                if (report.Date < oldestToday)
                {
                    oldestToday = report.Date;
                }

                result.Due++;
                if (ledger.IsHandled(link.UserId, report.Date))
                {
                    result.AlreadySent++;
                    continue;
                }

                due.Add(report);
            }

            await SendBatchAsync(due, o.DailySummary.SendWhenNoPosts, result, cancellationToken).ConfigureAwait(false);
            if (page.Count < batchSize)
            {
                break;
            }
        }

        if (daysBack == 0 && oldestToday != DateOnly.MaxValue)
        {
            ledger.Prune(oldestToday.AddDays(-2));
        }
    }

    /// <summary>
    /// The report a user is due now, or null. <paramref name="daysBack"/> 0: the report of their local yesterday, due once
    /// their report time of today has come. More: the report whose report time was that many days before today, due
    /// only if that time fell after <paramref name="missedSince"/> (no run saw it) and after the user linked.
    /// </summary>
    private DueReport? FindDue(ChatLink link, DateTimeOffset now, TimeZoneInfo defaultZone, TimeOnly defaultReportTime, int daysBack, DateTimeOffset? missedSince)
    {
        var zone = defaultZone;
        if (link.TimeZone is { } zoneId)
        {
            if (LocalTimes.FindZone(zoneId) is { } userZone)
            {
                zone = userZone;
            }
            else if (ledger.FirstSightOfUnknownZone(zoneId))
            {
                Log.UnknownUserTimeZone(logger, link.UserId, zoneId);
            }
        }

        var day = DateOnly.FromDateTime(LocalTimes.ToLocal(now, zone)).AddDays(-daysBack);
        var reportAt = LocalTimes.ToUtc(day.ToDateTime(link.DailyReportTime ?? defaultReportTime), zone);
        if (now < reportAt)
        {
            return null;
        }

        if (daysBack > 0 && (missedSince is not { } since || reportAt <= since || reportAt < link.LinkedAt))
        {
            return null;
        }

        var reportDate = day.AddDays(-1);
        return new DueReport(
            link.UserId,
            reportDate,
            LocalTimes.ToUtc(reportDate.ToDateTime(TimeOnly.MinValue), zone),
            LocalTimes.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone));
    }

    private async Task SendBatchAsync(List<DueReport> due, bool sendWhenNoPosts, DailySummaryRunResult result, CancellationToken cancellationToken)
    {
        // Reports already in the outbox (sent by another instance, or before a restart) need no aggregation.
        var pending = new List<DueReport>(due.Count);
        foreach (var report in due)
        {
            if (await outbox.FindByKeyAsync(IdempotencyKey(report.UserId, report.Date), cancellationToken).ConfigureAwait(false) is not null)
            {
                ledger.MarkHandled(report.UserId, report.Date);
                result.AlreadySent++;
            }
            else
            {
                pending.Add(report);
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var aggregator = new DailyReportAggregator(pending.Count);
        var from = DateTimeOffset.MaxValue;
        var to = DateTimeOffset.MinValue;
        var userIds = new string[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            var report = pending[i];
            aggregator.Track(report.UserId, report.Date, report.FromUtc, report.ToUtc);
            userIds[i] = report.UserId;
            from = report.FromUtc < from ? report.FromUtc : from;
            to = report.ToUtc > to ? report.ToUtc : to;
        }

        await foreach (var activity in activitySource.GetActivityAsync(userIds, from, to, cancellationToken).ConfigureAwait(false))
        {
            aggregator.Add(activity);
        }

        foreach (var report in pending)
        {
            var summary = aggregator.Build(report.UserId);
            if (summary.TotalPosts == 0 && !sendWhenNoPosts)
            {
                ledger.MarkHandled(report.UserId, report.Date);
                result.NoPosts++;
                continue;
            }

            try
            {
                var sent = await notifier.NotifyAsync(summary with { IdempotencyKey = IdempotencyKey(report.UserId, report.Date) }, cancellationToken).ConfigureAwait(false);
                switch (sent.Status)
                {
                    case NotifyStatus.Queued:
                        result.Queued++;
                        break;
                    case NotifyStatus.Duplicate:
                        result.Duplicate++;
                        break;
                    default:
                        result.NotDelivered++;
                        break;
                }

                ledger.MarkHandled(report.UserId, report.Date);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One user's failure does not hold back the others; the next run retries this user.
                result.Failed++;
                Log.DailySummaryUserFailed(logger, report.UserId, report.Date, ex);
            }
        }
    }

    /// <summary>The outbox key of a user's report for a date: <c>daily_summary:&lt;user&gt;:&lt;yyyy-MM-dd&gt;</c>.</summary>
    internal static string IdempotencyKey(string userId, DateOnly reportDate) =>
        string.Create(CultureInfo.InvariantCulture, $"{NotificationTypes.DailySummary}:{userId}:{reportDate:yyyy-MM-dd}");

    private readonly record struct DueReport(string UserId, DateOnly Date, DateTimeOffset FromUtc, DateTimeOffset ToUtc);
}
