using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// The operator's endpoint handlers (<c>MapTelegramAdminEndpoints</c>). Every change is logged with the operator's name
/// (<see cref="AdminGuard.Operator"/>). Errors use the account endpoints' envelope.
/// </summary>
internal static class AdminEndpoints
{
    private const int RecentDeliveries = 20;
    private const int MaxReasonLength = 200;

    public static async Task<JsonHttpResult<OutboxResponse>> OutboxAsync(IOutboxStore outbox, DeliveryPauseSwitch pause, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = await outbox.CountAsync(cancellationToken).ConfigureAwait(false);
        var paused = await outbox.GetPauseAsync(cancellationToken).ConfigureAwait(false);
        var sendPause = await outbox.GetSendPauseAsync(cancellationToken).ConfigureAwait(false);
        var rateLimitedUntil = sendPause is { } until && until > time.GetUtcNow() ? WireFormat.Timestamp(until) : null; // a 429 pause still on
        var wire = counts.Select(static c => new OutboxCountWire(AdminNames.State(c.State), AdminNames.Lane(c.Lane), c.Count)).ToArray();
        return TypedResults.Json(new OutboxResponse(wire, PauseResponse.From(paused), rateLimitedUntil), AdminWireContext.Default.OutboxResponse);
    }

    public static async Task<Results<JsonHttpResult<DeadLettersResponse>, JsonHttpResult<AdminError>>> DeadLettersAsync(
        HttpContext http, IOutboxStore outbox, CancellationToken cancellationToken)
    {
        if (DeadLetterQuery.TryRead(http.Request.Query, paged: true, out var query) is { } problem)
        {
            return AdminError.Result(StatusCodes.Status400BadRequest, problem);
        }

        var page = await outbox.QueryAsync(query.Filter, query.BeforeId, query.Limit, cancellationToken).ConfigureAwait(false);
        var next = page.Count == query.Limit ? ActivityCursor.Encode(page[^1].Id) : null;
        return TypedResults.Json(new DeadLettersResponse(page.Select(DeadLetterWire.From).ToArray(), next), AdminWireContext.Default.DeadLettersResponse);
    }

    public static async Task<Results<JsonHttpResult<ChangedResponse>, JsonHttpResult<AdminError>>> ResendOneAsync(
        long id, HttpContext http, IOutboxStore outbox, DispatchSignal signal, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var resent = await outbox.ResendAsync(new OutboxFilter { Id = id, State = OutboxState.DeadLettered }, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (resent == 0)
        {
            return AdminError.Result(StatusCodes.Status404NotFound, $"There is no dead letter with id {id}.");
        }

        signal.Wake();
        Log.DeadLetterResent(Logger(loggers), id, AdminGuard.Operator(http.User));
        return TypedResults.Json(new ChangedResponse(resent, 0), AdminWireContext.Default.ChangedResponse);
    }

    public static async Task<Results<JsonHttpResult<ChangedResponse>, JsonHttpResult<AdminError>>> ResendMatchingAsync(
        HttpContext http, IOutboxStore outbox, DispatchSignal signal, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (ReadBulkFilter(http, out var query) is { } refused)
        {
            return refused;
        }

        var resent = await outbox.ResendAsync(query.Filter, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (resent > 0)
        {
            signal.Wake();
        }

        Log.DeadLettersResent(Logger(loggers), resent, query.Describe(), AdminGuard.Operator(http.User));
        return TypedResults.Json(new ChangedResponse(resent, 0), AdminWireContext.Default.ChangedResponse);
    }

    public static async Task<Results<JsonHttpResult<ChangedResponse>, JsonHttpResult<AdminError>>> DiscardOneAsync(
        long id, HttpContext http, IOutboxStore outbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var discarded = await outbox.DiscardAsync(new OutboxFilter { Id = id, State = OutboxState.DeadLettered }, cancellationToken).ConfigureAwait(false);
        if (discarded == 0)
        {
            return AdminError.Result(StatusCodes.Status404NotFound, $"There is no dead letter with id {id}.");
        }

        Log.DeadLetterDiscarded(Logger(loggers), id, AdminGuard.Operator(http.User));
        return TypedResults.Json(new ChangedResponse(0, discarded), AdminWireContext.Default.ChangedResponse);
    }

    public static async Task<Results<JsonHttpResult<ChangedResponse>, JsonHttpResult<AdminError>>> DiscardMatchingAsync(
        HttpContext http, IOutboxStore outbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (ReadBulkFilter(http, out var query) is { } refused)
        {
            return refused;
        }

        var discarded = await outbox.DiscardAsync(query.Filter, cancellationToken).ConfigureAwait(false);
        Log.DeadLettersDiscarded(Logger(loggers), discarded, query.Describe(), AdminGuard.Operator(http.User));
        return TypedResults.Json(new ChangedResponse(0, discarded), AdminWireContext.Default.ChangedResponse);
    }

    public static async Task<JsonHttpResult<PauseResponse>> DeliveryAsync(DeliveryPauseSwitch pause, CancellationToken cancellationToken) =>
        TypedResults.Json(PauseResponse.From(await pause.CurrentAsync(cancellationToken).ConfigureAwait(false)), AdminWireContext.Default.PauseResponse);

    public static async Task<Results<JsonHttpResult<PauseResponse>, JsonHttpResult<AdminError>>> PauseAsync(
        HttpContext http, DeliveryPauseSwitch pause, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string? reason = null;
        foreach (var (name, values) in http.Request.Query)
        {
            if (name != "reason" || values.Count != 1)
            {
                return AdminError.Result(StatusCodes.Status400BadRequest, "Only the query parameter reason is accepted, once.");
            }

            reason = values[0];
            if (reason is null || reason.Length is 0 or > MaxReasonLength || reason.Any(char.IsControl))
            {
                return AdminError.Result(StatusCodes.Status400BadRequest, $"reason must be 1 to {MaxReasonLength} characters without control characters.");
            }
        }

        var who = AdminGuard.Operator(http.User);
        var paused = new DeliveryPause(who, time.GetUtcNow(), reason);
        await pause.SetAsync(paused, cancellationToken).ConfigureAwait(false);
        Log.DeliveryPaused(Logger(loggers), who, reason);
        return TypedResults.Json(PauseResponse.From(paused), AdminWireContext.Default.PauseResponse);
    }

    public static async Task<JsonHttpResult<PauseResponse>> ResumeAsync(
        HttpContext http, DeliveryPauseSwitch pause, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await pause.SetAsync(null, cancellationToken).ConfigureAwait(false);
        Log.DeliveryResumed(Logger(loggers), AdminGuard.Operator(http.User));
        return TypedResults.Json(PauseResponse.From(null), AdminWireContext.Default.PauseResponse);
    }

    public static async Task<JsonHttpResult<JobsResponse>> JobsAsync(IJobScheduler scheduler, CancellationToken cancellationToken)
    {
        var statuses = await scheduler.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new JobsResponse(statuses.Select(JobWire.From).ToArray()), AdminWireContext.Default.JobsResponse);
    }

    public static async Task<Results<JsonHttpResult<JobRunResponse>, JsonHttpResult<AdminError>>> RunJobAsync(
        string id, HttpContext http, JobSchedulerService scheduler, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var run = await scheduler.RunNowAsync(id, cancellationToken).ConfigureAwait(false);
        var status = run.Status switch
        {
            ManualJobRunStatus.Started => "started",
            ManualJobRunStatus.UnknownJob => "unknown_job",
            ManualJobRunStatus.Disabled => "disabled",
            ManualJobRunStatus.Running => "running",
            _ => "taken",
        };
        Log.JobRunRequested(Logger(loggers), id, AdminGuard.Operator(http.User), status, run.Occurrence);
        return run.Status switch
        {
            ManualJobRunStatus.Started => TypedResults.Json(
                new JobRunResponse(id, WireFormat.Timestamp(run.Occurrence!.Value), status),
                AdminWireContext.Default.JobRunResponse,
                statusCode: StatusCodes.Status202Accepted),
            ManualJobRunStatus.UnknownJob => AdminError.Result(StatusCodes.Status404NotFound, "There is no job with this id."),
            ManualJobRunStatus.Disabled => AdminError.Result(StatusCodes.Status409Conflict, "The job is turned off."),
            ManualJobRunStatus.Running => AdminError.Result(StatusCodes.Status409Conflict, "The job is running on this instance now."),
            _ => AdminError.Result(StatusCodes.Status409Conflict, "This minute's manual run of the job was already taken (on this or another instance)."),
        };
    }

    public static async Task<Results<JsonHttpResult<UserResponse>, JsonHttpResult<AdminError>>> UserAsync(
        string id, IChatLinkStore links, NotificationActivity activity, CancellationToken cancellationToken)
    {
        if (SnsUserId.Problem(id) is { } problem)
        {
            return AdminError.Result(StatusCodes.Status400BadRequest, problem);
        }

        var link = await links.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var recent = await activity.RecentAsync(id, null, RecentDeliveries, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(
            new UserResponse(id, link is null ? null : UserLinkWire.From(link), recent.Entries.Select(DeliveryWire.From).ToArray()),
            AdminWireContext.Default.UserResponse);
    }

    /// <summary>A bulk resend or discard names at least one criterion, or <c>all=true</c>; null when the request may go on.</summary>
    private static JsonHttpResult<AdminError>? ReadBulkFilter(HttpContext http, out DeadLetterQuery filter)
    {
        var query = http.Request.Query;
        filter = new DeadLetterQuery(new OutboxFilter { State = OutboxState.DeadLettered }, DeadLetterQuery.DefaultLimit, null);
        if (query.TryGetValue("all", out var allValues))
        {
            return allValues.Count != 1 || allValues[0] != "true" || query.Count != 1
                ? AdminError.Result(StatusCodes.Status400BadRequest, "all=true stands alone: it selects every dead letter.")
                : null;
        }

        if (DeadLetterQuery.TryRead(query, paged: false, out filter) is { } problem)
        {
            return AdminError.Result(StatusCodes.Status400BadRequest, problem);
        }

        return filter.IsNarrowed
            ? null
            : AdminError.Result(StatusCodes.Status400BadRequest, "Name at least one of type, reason, user, from or to, or all=true for every dead letter.");
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(AdminEndpoints));
}
