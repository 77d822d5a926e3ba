using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// The one entry point for read updates, whether they come from the webhook or from long polling (through
/// <see cref="UpdateIntake"/>). Each <c>update_id</c> is processed once (<see cref="IProcessedUpdateStore"/>); a failing
/// handler is logged and never thrown at the caller, because Telegram would otherwise deliver the same update again and
/// again. A handler that failed because the database could not be reached (a <see cref="DbException"/> or a
/// <see cref="TimeoutException"/>) gives the update id back, so that Telegram's next delivery is handled
/// (<see cref="UpdateOutcome.Deferred"/>). Only a failure to record the id itself is thrown: nothing was done then.
/// </summary>
internal sealed class UpdateRouter(
    IProcessedUpdateStore processed,
    BotConversation conversation,
    TimeProvider time,
    UpdateMetrics metrics,
    ILogger<UpdateRouter> logger)
{
    /// <summary>The update types the bot handles, for <c>setWebhook</c> and <c>getUpdates</c>.</summary>
    public static IReadOnlyList<UpdateType> AllowedUpdates { get; } = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    public async ValueTask<UpdateOutcome> HandleAsync(Update update, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var type = update.Type;

        // A consumer span per update; the bot's replies queued while handling it are its children.
        using var activity = SnsTelegramActivities.StartUpdate(UpdateMetrics.TypeName(type));
        if (!await processed.TryMarkProcessedAsync(update.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            Log.DuplicateUpdate(logger, update.Id);
            metrics.Processed(type, UpdateOutcome.Duplicate, Stopwatch.GetElapsedTime(started));
            activity?.SetTag(SnsTelegramActivities.UpdateOutcome, UpdateMetrics.OutcomeName(UpdateOutcome.Duplicate));
            return UpdateOutcome.Duplicate;
        }

        UpdateOutcome outcome;
        try
        {
            var handled = type switch
            {
                UpdateType.Message => await conversation.OnMessageAsync(update.Message!, cancellationToken).ConfigureAwait(false),
                UpdateType.CallbackQuery => await conversation.OnCallbackAsync(update.CallbackQuery!, cancellationToken).ConfigureAwait(false),
                UpdateType.MyChatMember => await conversation.OnMyChatMemberAsync(update.MyChatMember!, cancellationToken).ConfigureAwait(false),
                _ => false,
            };
            outcome = handled ? UpdateOutcome.Handled : UpdateOutcome.Ignored;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            outcome = await ReleaseAsync(update, ex).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UpdateHandlerFailed(logger, update.Id, type, ex);
            outcome = UpdateOutcome.Failed;
        }

        metrics.Processed(type, outcome, Stopwatch.GetElapsedTime(started));
        activity?.SetTag(SnsTelegramActivities.UpdateOutcome, UpdateMetrics.OutcomeName(outcome));
        if (outcome is UpdateOutcome.Failed or UpdateOutcome.Deferred)
        {
            SnsTelegramActivities.Failed(activity, outcome == UpdateOutcome.Failed ? "handler_failed" : "store_unavailable");
        }

        return outcome;
    }

    /// <summary>A failure that may pass: the store could not be reached or did not answer in time.</summary>
    internal static bool IsTransient(Exception exception) => exception is DbException or TimeoutException
        || (exception is AggregateException { InnerExceptions: [var inner] } && IsTransient(inner));

    private async ValueTask<UpdateOutcome> ReleaseAsync(Update update, Exception failure)
    {
        try
        {
            await processed.UnmarkProcessedAsync(update.Id, CancellationToken.None).ConfigureAwait(false);
            Log.UpdateHandlerDeferred(logger, update.Id, update.Type, failure);
            return UpdateOutcome.Deferred;
        }
        catch (Exception ex)
        {
            // The id stays recorded: a redelivery would be skipped, so the update is treated as failed (and kept).
            Log.UpdateHandlerFailed(logger, update.Id, update.Type, new AggregateException(failure, ex));
            return UpdateOutcome.Failed;
        }
    }
}
