using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>Scheduling and daily report messages (event ids 3000-3999).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Job scheduler is turned off (SnsTelegram:Scheduler:Enabled is false); this instance runs no jobs")]
    public static partial void SchedulerDisabled(ILogger logger);

    [LoggerMessage(3001, LogLevel.Information, "Job scheduler started as {InstanceId} with {JobCount} enabled jobs")]
    public static partial void SchedulerStarted(ILogger logger, string instanceId, int jobCount);

    [LoggerMessage(3002, LogLevel.Debug, "Job {JobId} occurrence {Occurrence:o} succeeded in {DurationMs:0.0} ms")]
    public static partial void JobSucceeded(ILogger logger, string jobId, DateTimeOffset occurrence, double durationMs);

    [LoggerMessage(3003, LogLevel.Error, "Job {JobId} occurrence {Occurrence:o} failed after {DurationMs:0.0} ms; the schedule goes on")]
    public static partial void JobFailed(ILogger logger, string jobId, DateTimeOffset occurrence, double durationMs, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "Job {JobId} occurrence {Occurrence:o} was canceled by shutdown after {DurationMs:0.0} ms")]
    public static partial void JobCanceled(ILogger logger, string jobId, DateTimeOffset occurrence, double durationMs);

    [LoggerMessage(3005, LogLevel.Debug, "Job {JobId} occurrence {Occurrence:o} is done or held by another instance")]
    public static partial void OccurrenceTaken(ILogger logger, string jobId, DateTimeOffset occurrence);

    [LoggerMessage(3006, LogLevel.Warning, "Job {JobId} occurrence {Occurrence:o} skipped: the previous run of the job is still going")]
    public static partial void OccurrenceSkippedStillRunning(ILogger logger, string jobId, DateTimeOffset occurrence);

    [LoggerMessage(3007, LogLevel.Information, "Job {JobId} missed occurrence {Occurrence:o} while the app was down; running it once")]
    public static partial void MissedOccurrence(ILogger logger, string jobId, DateTimeOffset occurrence);

    [LoggerMessage(3008, LogLevel.Error, "Job lease store failed for job {JobId} occurrence {Occurrence:o}")]
    public static partial void LeaseStoreFailed(ILogger logger, string jobId, DateTimeOffset occurrence, Exception exception);

    [LoggerMessage(3009, LogLevel.Warning, "SnsTelegram:Jobs:{JobId} configures a job that is not registered; it is ignored")]
    public static partial void UnknownJobOverride(ILogger logger, string jobId);

    [LoggerMessage(3010, LogLevel.Information, "Job scheduler stopping; canceling {RunningCount} running jobs")]
    public static partial void SchedulerStopping(ILogger logger, int runningCount);

    [LoggerMessage(3011, LogLevel.Debug, "Job {JobId} occurrence {Occurrence:o} starting")]
    public static partial void JobStarting(ILogger logger, string jobId, DateTimeOffset occurrence);

    [LoggerMessage(3012, LogLevel.Information, "Job {JobId} is turned off")]
    public static partial void JobDisabled(ILogger logger, string jobId);

    [LoggerMessage(3013, LogLevel.Warning, "Job {JobId} occurrence {Occurrence:o} lost its lease: another instance holds it now. The run is canceled and left to that instance")]
    public static partial void LeaseLost(ILogger logger, string jobId, DateTimeOffset occurrence);

    [LoggerMessage(3014, LogLevel.Information, "Job {JobId} occurrence {Occurrence:o} ended after {DurationMs:0.0} ms without its lease; the instance holding the lease records the run")]
    public static partial void JobLeaseLostRunEnded(ILogger logger, string jobId, DateTimeOffset occurrence, double durationMs);

    [LoggerMessage(EventId = 3100, Message = "Daily report run: {Due} users due, {AlreadySent} already handled, {Queued} queued, {Duplicate} duplicates, {NoPosts} without posts skipped, {NotDelivered} not delivered (unlinked, off or muted), {Failed} failed")]
    public static partial void DailySummaryRun(ILogger logger, LogLevel level, int due, int alreadySent, int queued, int duplicate, int noPosts, int notDelivered, int failed);

    [LoggerMessage(3101, LogLevel.Error, "Daily report for user {UserId} and {Date} failed; the next run tries again")]
    public static partial void DailySummaryUserFailed(ILogger logger, string userId, DateOnly date, Exception exception);

    [LoggerMessage(3102, LogLevel.Warning, "User {UserId} has an unknown time zone {TimeZone}; the default time zone is used")]
    public static partial void UnknownUserTimeZone(ILogger logger, string userId, string timeZone);

    [LoggerMessage(3103, LogLevel.Information, "The daily report job is off: no IPostActivitySource is registered (call AddPostActivitySource<T>() on the SnsTelegram builder)")]
    public static partial void DailySummaryNoSource(ILogger logger);

    [LoggerMessage(3104, LogLevel.Information, "The daily report job did not run since {LastRun:o}: {Count} reports whose time fell in the gap were due late")]
    public static partial void DailySummaryCatchUp(ILogger logger, int count, DateTimeOffset lastRun);

    [LoggerMessage(3200, LogLevel.Information, "Housekeeping removed {Tokens} expired link tokens, {Updates} processed update ids, {Messages} completed outbox messages, {Occurrences} old job occurrences, {Permits} expired rate-limit permits, {Unreadable} kept updates, {ButtonActions} button action records, {DigestWindows} closed digest windows and {Notes} activity log notes")]
    public static partial void HousekeepingDone(ILogger logger, int tokens, int updates, int messages, int occurrences, int permits, int unreadable, int buttonActions, int digestWindows, int notes);
}
