using System.Diagnostics;

namespace SnsTelegram.Sdk;

/// <summary>
/// The library's spans, on the <c>SnsTelegram</c> <see cref="ActivitySource"/> (<see cref="SnsTelegramDiagnostics.Name"/>),
/// with attributes after OpenTelemetry's messaging conventions (docs/observability.md lists them):
/// a producer span for each enqueue (<c>create {type}</c>), whose W3C context is stored with the outbox message; a client
/// span for each send attempt (<c>send {type}</c>), parented on that stored context, so a send made hours later or by
/// another process is in the enqueuing trace; a consumer span for each bot update (<c>process {update type}</c>); and a
/// span for each job run (<c>job {id}</c>). No attribute carries a chat id, message text or the bot token.
/// </summary>
internal static class SnsTelegramActivities
{
    public const string MessagingSystem = "messaging.system";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string MessageId = "messaging.message.id";
    public const string DestinationKind = "messaging.destination.kind";
    public const string MessageType = "snstelegram.message.type";
    public const string Lane = "snstelegram.delivery.lane";
    public const string Attempt = "snstelegram.delivery.attempt";
    public const string Outcome = "snstelegram.delivery.outcome";
    public const string NotifyStatus = "snstelegram.notify.status";
    public const string BatchCount = "messaging.batch.message_count";
    public const string UpdateType = "snstelegram.update.type";
    public const string UpdateOutcome = "snstelegram.update.outcome";
    public const string JobId = "snstelegram.job.id";
    public const string JobOutcome = "snstelegram.job.outcome";
    public const string ErrorType = "error.type";

    /// <summary>The value of <c>messaging.system</c>.</summary>
    public const string Telegram = "telegram";

    public static readonly ActivitySource Source = new(SnsTelegramDiagnostics.Name, typeof(SnsTelegramActivities).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the producer span of an enqueue (<paramref name="operation"/>: <c>notify</c>, <c>update</c>, <c>test</c>, <c>reply</c>).</summary>
    public static Activity? StartEnqueue(string notificationType, string operation)
    {
        var activity = Source.StartActivity("create " + notificationType, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, Telegram);
            activity.SetTag(OperationType, "create");
            activity.SetTag(OperationName, operation);
            activity.SetTag(MessageType, notificationType);
        }

        return activity;
    }

    /// <summary>The W3C context to store with a message queued now: the current span's (an enqueue span, an update's, a job's), or none.</summary>
    public static (string? TraceParent, string? TraceState) CurrentContext() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>
    /// Starts the client span of one send attempt, a child of the context stored with the message (or of the current
    /// span when none was stored or it cannot be read).
    /// </summary>
    public static Activity? StartSend(string notificationType, bool edit, string? traceParent, string? traceState)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var stored)
            ? stored
            : default;
        var activity = Source.StartActivity("send " + notificationType, ActivityKind.Client, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, Telegram);
            activity.SetTag(OperationType, "send");
            activity.SetTag(OperationName, edit ? "edit" : "send");
            activity.SetTag(MessageType, notificationType);
        }

        return activity;
    }

    /// <summary>Starts the consumer span of one bot update.</summary>
    public static Activity? StartUpdate(string updateType)
    {
        var activity = Source.StartActivity("process " + updateType, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, Telegram);
            activity.SetTag(OperationType, "process");
            activity.SetTag(OperationName, "update");
            activity.SetTag(UpdateType, updateType);
        }

        return activity;
    }

    /// <summary>Starts the span of one run of a scheduled job.</summary>
    public static Activity? StartJob(string jobId)
    {
        var activity = Source.StartActivity("job " + jobId, ActivityKind.Internal);
        activity?.SetTag(JobId, jobId);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with a low-cardinality <paramref name="errorType"/> (never a message text).</summary>
    public static void Failed(Activity? activity, string errorType)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, errorType);
    }
}
