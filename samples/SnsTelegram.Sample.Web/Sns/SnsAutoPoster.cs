using Microsoft.Extensions.Options;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>
/// One run of the mini SNS scheduler: starts due automation rules, publishes due posts (crash-safe: a post is leased while
/// it is published, and a post whose publisher died is taken again when the lease ends), then hands every finished post and
/// automation run to the Telegram notifier with an idempotency key, so a notification is queued once even if a run dies
/// between publishing and notifying.
/// </summary>
public sealed partial class SnsAutoPoster(
    SnsRepository repository,
    ISnsPublisher publisher,
    ISnsTelegramNotifier notifier,
    TimeProvider time,
    IOptions<SampleOptions> options,
    ILogger<SnsAutoPoster> logger)
{
    /// <summary>What one run did.</summary>
    public sealed record RunReport(int AutomationRuns, int Published, int Failed, int Notifications);

    /// <summary>Runs once.</summary>
    public async Task<RunReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var runs = await StartDueAutomationsAsync(cancellationToken);
        int published = 0, failed = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var batch = await repository.ClaimDuePostsAsync(now, now.AddSeconds(settings.PublishLeaseSeconds), settings.BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var post in batch)
            {
                PublishResult result;
                if (post.Attempts > settings.MaxPublishAttempts)
                {
                    result = PublishResult.Failure("Publishing was interrupted too many times");
                }
                else
                {
                    try
                    {
                        result = await publisher.PublishAsync(post, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogPublishError(logger, post.Id, ex);
                        result = PublishResult.Failure("The publisher failed unexpectedly");
                    }
                }

                if (await repository.FinishPostAsync(post.Id, result, time.GetUtcNow(), cancellationToken))
                {
                    if (result.Succeeded)
                    {
                        published++;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }

            if (batch.Count < settings.BatchSize)
            {
                break;
            }
        }

        var notifications = await NotifyFinishedAsync(cancellationToken);
        return new RunReport(runs, published, failed, notifications);
    }

    private async Task<int> StartDueAutomationsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = 0;
        foreach (var rule in await repository.DueAutomationsAsync(now, 100, cancellationToken))
        {
            DateTimeOffset? next;
            try
            {
                next = AutomationSchedule.Create(rule.Cron, rule.TimeZone).GetNextOccurrence(now);
            }
            catch (ArgumentException)
            {
                next = null; // the rule was valid when stored; a time zone that vanished stops it instead of failing every run
            }

            if (await repository.StartAutomationRunAsync(rule, next, now, cancellationToken))
            {
                started++;
            }
        }

        return started;
    }

    private async Task<int> NotifyFinishedAsync(CancellationToken cancellationToken)
    {
        var handed = 0;
        foreach (var post in await repository.PendingPostNotificationsAsync(500, cancellationToken))
        {
            var platform = SnsPlatform.Parse(post.Platform);

            SnsNotification notification = post.Status == PostStatus.Published
                ? Published(post)
                : new PostFailed(post.UserId, platform, post.Text, post.Error, post.FinishedAt)
                {
                    PostId = PostKey(post.Id),
                    IdempotencyKey = $"sample-post:{post.Id}:{post.Status}",
                };

            if (await TryNotifyAsync(notification, cancellationToken))
            {
                await repository.MarkPostNotifiedAsync(post.Id, cancellationToken);
                handed++;
            }
        }

        foreach (var run in await repository.FinishedRunsToNotifyAsync(100, cancellationToken))
        {
            var status = run.Failed == 0 ? AutomationStatus.Completed
                : run.Published == 0 ? AutomationStatus.Failed
                : AutomationStatus.PartiallyCompleted;
            var notification = new AutomationExecuted(run.UserId, run.RuleName, [.. run.Platforms.Select(SnsPlatform.Parse)], run.Occurrence, status)
            {
                Detail = run.FirstError,
                IdempotencyKey = $"sample-automation-run:{run.Id}",
            };
            if (await TryNotifyAsync(notification, cancellationToken))
            {
                await repository.MarkRunNotifiedAsync(run, status.ToString(), cancellationToken);
                handed++;
            }
        }

        return handed;
    }

    private async Task<bool> TryNotifyAsync(SnsNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            var result = await notifier.NotifyAsync(notification, cancellationToken);
            LogNotified(logger, notification.Type, result.Status);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The post stays "not notified" and the next run tries again; the idempotency key prevents a double message.
            LogNotifyError(logger, notification.Type, ex);
            return false;
        }
    }

    /// <summary>
    /// The notification of a published post, with its figures. <c>UpdateAsync</c> with it later edits the message it
    /// became (see the metrics endpoint).
    /// </summary>
    public static PostPublished Published(SnsPost post)
    {
        // <notify>
        var notification = new PostPublished(post.UserId, SnsPlatform.Parse(post.Platform), post.Text, post.PostUrl, post.Likes, post.Comments, post.FinishedAt)
        {
            PostId = PostKey(post.Id),
            Shares = post.Shares,
            Views = post.Views,
            IdempotencyKey = $"sample-post:{post.Id}:{PostStatus.Published}",
        };
        // </notify>
        return notification;
    }

    /// <summary>The post id the notifications carry (also what a "Retry" button sends back).</summary>
    public static string PostKey(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Publishing post {PostId} threw; it is marked failed")]
    private static partial void LogPublishError(ILogger logger, long postId, Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "Notification {Type}: {Status}")]
    private static partial void LogNotified(ILogger logger, string type, NotifyStatus status);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Could not hand a {Type} notification to the notifier; the next run retries")]
    private static partial void LogNotifyError(ILogger logger, string type, Exception exception);
}

/// <summary>Builds an automation rule's schedule from its cron expression and IANA time zone.</summary>
public static class AutomationSchedule
{
    /// <summary>The schedule.</summary>
    /// <exception cref="ArgumentException">The cron expression or the time zone is invalid; the message says which.</exception>
    public static JobSchedule Create(string cron, string timeZone)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            throw new ArgumentException($"time_zone '{timeZone}' is not a known IANA time zone (for example UTC or Asia/Seoul).", nameof(timeZone));
        }

        return JobSchedule.Cron(cron, zone);
    }
}
