using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Drains the outbox: leases due messages (the oldest of each chat, so a chat's messages keep their order), sends them
/// with bounded concurrency through the <see cref="SendPipeline"/> (rate slot, gateway, outcome), and records what the
/// answer means for each message: sent; 429 →
/// the whole bot waits <c>retry_after</c> and the message is due again then (not counted as an attempt); 5xx, timeouts
/// and network errors → exponential backoff with jitter, dead-lettered after <see cref="DeliveryOptions.MaxAttempts"/>;
/// blocked or vanished chats → links turned off and dead-lettered; migrated groups → links and pending messages moved,
/// sent again to the new id; messages Telegram cannot read → dead-lettered and logged as errors.
/// An edit (<see cref="OutboxMessage.EditOf"/>) goes out like a send, with the same limits and answers, as an
/// <c>editMessageText</c> of its original's Telegram message: it waits while the original is pending, and is
/// dead-lettered when the original was dead-lettered, is gone, or Telegram can no longer edit it; an edit with a newer
/// edit of the same message waiting behind it (<see cref="PendingEdits"/>) is marked done without a call.
/// An outcome the store cannot take (the database is down or locked) is kept in <see cref="PendingOutcomes"/> and written
/// when the store answers again, before any new lease is taken or any lease freed, so a message sent during an outage is
/// not sent again.
/// On shutdown it stops leasing, lets sends already on the wire finish within the host's shutdown timeout, and releases
/// every leased message not yet sent so that the next start (or another instance) sends it at once.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    /// <summary>The start of the error recorded on a message put back after a 429.</summary>
    internal const string RateLimitedError = "429: ";

    /// <summary>How long a new holder of the dispatch term waits before it sends when another process may have sent just before.</summary>
    internal static readonly TimeSpan TakeoverPause = TimeSpan.FromMilliseconds(1100);

    /// <summary>How long an edit whose original is not sent yet waits before it looks again.</summary>
    internal static readonly TimeSpan EditWait = TimeSpan.FromSeconds(5);

    private readonly IOutboxStore _outbox;
    private readonly SendPipeline _pipeline;
    private readonly DispatchSignal _signal;
    private readonly PendingEdits _edits;
    private readonly DeliveryMetrics _metrics;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDispatchCoordinator _coordinator;
    private readonly DeliveryOutcomes _outcomes;
    private readonly PendingOutcomes _pending;
    private readonly DeliveryPauseSwitch _pause;
    private readonly TelegramAvailability _availability;
    private readonly CancellationTokenSource _abortSends = new();
    private readonly TimeSpan _longWait;
    private int _released;

    private readonly EventPublisher _events;

    public OutboxDispatcher(
        IOutboxStore outbox,
        IDispatchCoordinator coordinator,
        DeliveryOutcomes outcomes,
        PendingOutcomes pending,
        DeliveryPauseSwitch pause,
        TelegramAvailability availability,
        SendPipeline pipeline,
        DispatchSignal signal,
        PendingEdits edits,
        DeliveryMetrics metrics,
        EventPublisher events,
        IOptions<SnsTelegramOptions> options,
        TimeProvider timeProvider,
        ILogger<OutboxDispatcher> logger)
    {
        _events = events;
        _outbox = outbox;
        _coordinator = coordinator;
        _outcomes = outcomes;
        _pending = pending;
        _pause = pause;
        _availability = availability;
        _pipeline = pipeline;
        _signal = signal;
        _edits = edits;
        _metrics = metrics;
        _options = options.Value.Delivery;
        _time = timeProvider;
        _logger = logger;
        _sentMarks = new SentMarkBatcher(outbox, _options.StoreTimeout, timeProvider);

        // A leased message waits for the rate limiter while holding its lease; a wait longer than this (a group's
        // per-minute window, a long 429 pause) gives the message back with a due time instead.
        _longWait = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, _options.LeaseDuration.Ticks / 8));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop leasing and wait for the sends on the wire (base.StopAsync returns early when the host's timeout runs out).
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (ExecuteTask is { IsCompleted: false } running)
        {
            // Out of time: abort the sends still on the wire; they are released (sent again later), not lost.
            await _abortSends.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // the store did not answer in time; leases expire on their own
            }
        }
    }

    public override void Dispose()
    {
        _abortSends.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            Log.DispatcherDisabled(_logger);
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            IDispatchTerm term;
            try
            {
                // Only one instance sends for the store at a time: its rate limiter is the bot's one budget.
                term = await _coordinator.AcquireAsync(_signal.Wake, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // the coordinator could not be asked (a lock file it may not create, a database out of reach): try again
                Log.DispatcherLoopFailed(_logger, e);
                if (!await PauseAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            await using (term.ConfigureAwait(false))
            {
                // A lost term stops leasing at once, and the sends that wait for a rate slot give their messages back. The
                // sends already on the wire are not aborted: Telegram may have a request whose caller gave up, and the
                // message would then go out twice. They finish, and their outcomes are written under their leases (or kept
                // until the store answers), most of them before the next holder, which waits TakeoverPause, frees the leases.
                // Only the host's shutdown timeout aborts them (_abortSends).
                using var termEnd = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Lost);
                await RunTermAsync(term, termEnd.Token, _abortSends.Token).ConfigureAwait(false);
                if (term.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    Log.DispatchTermLost(_logger);
                }
            }
        }

        // One last try for the outcomes the store has not taken; whatever is left is logged, never dropped silently.
        await _pending.StopAsync().ConfigureAwait(false);
        Log.DispatcherStopped(_logger, Volatile.Read(ref _released));
    }

    /// <summary>
    /// Sends for the store until <paramref name="termEnd"/> (the host stops, or another instance may have taken over):
    /// first writes the outcomes this process still keeps in memory (their leases are what stops their messages going
    /// out again), then, when the previous holder may have been another process, lets Telegram's one-second window pass
    /// (which also gives that process a moment to write the outcomes it kept), frees the leases of whoever sent before
    /// (they are gone), then leases and sends, and at the end waits for the sends in flight, which
    /// <paramref name="abortSends"/> cuts short.
    /// </summary>
    private async Task RunTermAsync(IDispatchTerm term, CancellationToken termEnd, CancellationToken abortSends)
    {
        if (!await PendingWrittenAsync(termEnd).ConfigureAwait(false))
        {
            return;
        }

        if (term.FollowsAnotherProcess)
        {
            // The previous holder's last second of sends is unknown to this limiter: let Telegram's window pass.
            if (!await PauseAsync(TakeoverPause, termEnd).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!await StartTermAsync(termEnd).ConfigureAwait(false))
        {
            return;
        }

        Log.DispatcherStarted(_logger, _options.MaxConcurrency, _options.GlobalMessagesPerSecond);

        // While Telegram seems down, getMe is asked every OutageProbeInterval; its return brings the failed sends' retries forward.
        var watch = _availability.WatchAsync(BringForwardRetriesAsync, termEnd);
        var maxConcurrency = Math.Max(1, _options.MaxConcurrency);
        var capacity = _options.LeaseBatchSize > 0 ? _options.LeaseBatchSize : 2 * maxConcurrency;
        var refill = Math.Max(1, capacity / 4);
        var flight = new Flight(maxConcurrency, capacity, refill);
        try
        {
            while (!termEnd.IsCancellationRequested)
            {
                try
                {
                    // Lease in batches: while messages are in flight, wait until a quarter of the capacity is free, so
                    // one lease query serves several messages instead of one query per finished send, and a message
                    // of a more urgent lane waits for at most that many sends before it is leased.
                    // Outcomes the store could not take are written before anything is leased: a chat's next message
                    // waits for its previous one's outcome.
                    await _pending.WaitUntilWrittenAsync(termEnd).ConfigureAwait(false);
                    var inFlight = flight.Pending;
                    var free = capacity - inFlight;
                    if (free <= 0 || (inFlight > 0 && free < refill))
                    {
                        // No room to lease into: only a finished send can change that. An enqueue's wake (a NOTIFY for
                        // each message of a burst on PostgreSQL) is kept for the wait after the next lease, not served now.
                        await flight.Room.WaitAsync(_options.PollInterval, _time, termEnd).ConfigureAwait(false);
                        continue;
                    }

                    // An operator's pause (for every instance sharing the store) stops leasing; sends in flight finish.
                    if (await _pause.CurrentAsync(termEnd).ConfigureAwait(false) is not null)
                    {
                        await _signal.WaitAsync(_options.PollInterval, _time, termEnd).ConfigureAwait(false);
                        continue;
                    }

                    var leasedAt = _time.GetUtcNow();
                    var leases = await _outbox.LeaseAsync(free, leasedAt, _options.LeaseDuration, termEnd).ConfigureAwait(false);

                    // Drained: each finished send may free its chat's next message, so each one wakes the loop. Otherwise
                    // only the send that frees a refill's worth of senders does.
                    flight.Drained = leases.Count < free;
                    foreach (var lease in leases)
                    {
                        // the lease query waited for the store while this message's outcome failed: it was sent already
                        if (_pending.TryAdopt(lease.Message.Id, lease.LeaseId))
                        {
                            Log.OutcomeAdopted(_logger, lease.Message.Id);
                            continue;
                        }

                        flight.Start();
                        _ = ProcessAsync(lease, flight, termEnd, abortSends);
                    }

                    if (leases.Count < free)
                    {
                        // Everything due is taken: sleep until new work (an enqueue, a finished send) or the next due time.
                        await IdleAsync(term.WakesOnEveryEnqueue, flight, leasedAt, termEnd).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    Log.DispatcherLoopFailed(_logger, e);
                    await Task.Delay(_options.PollInterval, _time, termEnd).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
        {
            // the term ends
        }

        await flight.DrainAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
    }

    /// <summary>
    /// Sleeps when everything due is leased, until <see cref="DispatchSignal"/> wakes the loop (an enqueue in this process
    /// or, through the coordinator, in another; a finished send) or a message may be due. With sends in flight, or when
    /// the coordinator cannot wake this process for another instance's enqueues, that is the poll interval, as before.
    /// Otherwise nothing can become due unseen: the store's next due time (<see cref="IOutboxStore.NextDueAsync"/>) is
    /// the time to look again, at the latest after <see cref="DeliveryOptions.LeaseDuration"/> (a lease that the store's
    /// answer left out has run out by then); so an idle sender asks the store nothing for as long as nothing is due.
    /// A message that fell due after <paramref name="leasedAt"/>, the time the lease query went by (a timer fires a few
    /// milliseconds early on a coarse clock, a lease query takes time), is looked for again at once.
    /// </summary>
    private async Task IdleAsync(bool wakesOnEveryEnqueue, Flight flight, DateTimeOffset leasedAt, CancellationToken termEnd)
    {
        var wait = _options.PollInterval;
        if (wakesOnEveryEnqueue && flight.Pending == 0)
        {
            var next = await _outbox.NextDueAsync(_time.GetUtcNow(), termEnd).ConfigureAwait(false);

            // A message due when the lease query ran that it did not take waits behind its chat's older one: keep polling
            // for it; one that fell due since then is leased now. The wait counts from the answer, not the question.
            var now = _time.GetUtcNow();
            wait = next is not { } due ? _options.LeaseDuration
                : due <= leasedAt ? _options.PollInterval
                : due <= now ? TimeSpan.Zero
                : TimeSpan.FromTicks(Math.Min((due - now).Ticks, _options.LeaseDuration.Ticks));
        }

        if (wait > TimeSpan.Zero)
        {
            await _signal.WaitAsync(wait, _time, termEnd).ConfigureAwait(false);
        }
    }

    /// <summary>Telegram is back after an outage: every message waiting for a retry after a failed send is due now.</summary>
    private async Task BringForwardRetriesAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StoreTimeout);
        var count = await _outbox.BringForwardRetriesAsync(_time.GetUtcNow(), timeout.Token).AsTask()
            .WaitAsync(_options.StoreTimeout, _time, cancellationToken).ConfigureAwait(false);
        Log.RetriesBroughtForward(_logger, count);
        _signal.Wake();
    }

    /// <summary>Waits <paramref name="delay"/> on the time provider; false when <paramref name="cancellationToken"/> ended the wait first.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until the outcomes kept in memory are written; false when the term ended first.</summary>
    private async Task<bool> PendingWrittenAsync(CancellationToken termEnd)
    {
        try
        {
            await _pending.WaitUntilWrittenAsync(termEnd).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// The term starts: a 429 pause the previous sender stored is waited out, and every lease on the outbox is freed;
    /// false when the term ended first.
    /// </summary>
    private async Task<bool> StartTermAsync(CancellationToken termEnd)
    {
        while (true)
        {
            try
            {
                await _pipeline.ResumeStoredPauseAsync(termEnd).ConfigureAwait(false);
                var released = await _outbox.ReleaseLeasesAsync(termEnd).ConfigureAwait(false);
                if (released > 0)
                {
                    Log.LeasesReleased(_logger, released);
                }

                return true;
            }
            catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                Log.DispatcherLoopFailed(_logger, e);
                if (!await PauseAsync(_options.PollInterval, termEnd).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
    }

    private async Task ProcessAsync(OutboxLease lease, Flight flight, CancellationToken termEnd, CancellationToken abortSends)
    {
        var message = lease.Message;

        // until its outcome is stored (or kept), a lease of this message by this process is adopted, not sent again
        _pending.BeginSend(message.Id, lease.LeaseId);
        try
        {
            bool fromReserve;
            try
            {
                // An urgent message does not queue for a sender behind the batch leased before it.
                fromReserve = await flight.Senders.WaitAsync(message.Lane, termEnd).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
            {
                await ReleaseAsync(lease).ConfigureAwait(false);
                return;
            }

            try
            {
                await SendAsync(lease, termEnd, abortSends).ConfigureAwait(false);
            }
            finally
            {
                flight.Senders.Release(fromReserve);
            }
        }
        catch (Exception e)
        {
            Log.BookkeepingFailed(_logger, message.Id, e);
        }
        finally
        {
            _pending.EndSend(message.Id);
            if (flight.Done())
            {
                flight.Room.Wake();
                _signal.Wake();
            }
        }
    }

    private async Task SendAsync(OutboxLease lease, CancellationToken stoppingToken, CancellationToken abortSends)
    {
        var message = lease.Message;
        OutboxMessage? original = null;
        if (message.EditOf is { } originalKey)
        {
            original = await FindOriginalAsync(lease, originalKey).ConfigureAwait(false);
            if (original is null)
            {
                return;
            }

            if (await IsSupersededAsync(lease, originalKey, original).ConfigureAwait(false))
            {
                return;
            }
        }

        var request = new SendRequest(message.ChatId, message.ChatType, message.Message)
        {
            Lane = message.Lane,
            EditChatId = original?.ChatId,
            EditMessageId = original?.TelegramMessageId,
            NotificationType = message.NotificationType,
            Platform = message.Platform,
        };
        SendResult result;

        // One client span per attempt, a child of the span that queued the message (its context is stored with it).
        using var activity = StartSendActivity(message);
        try
        {
            // The rate-limit wait ends with the stop signal; once on the wire, a send is not cut short by the stop
            // signal, only by the host's shutdown timeout.
            result = await _pipeline.SendAsync(request, _longWait, stoppingToken, abortSends).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || abortSends.IsCancellationRequested)
        {
            // Not sent, or aborted on the wire: Telegram may or may not have it; releasing risks one duplicate, dropping
            // would risk a loss.
            activity?.SetTag(SnsTelegramActivities.Outcome, "released");
            await ReleaseAsync(lease).ConfigureAwait(false);
            return;
        }

        TagOutcome(activity, result);
        await RecordAsync(lease, result).ConfigureAwait(false);
        _outcomes.Recorded(message.Id);
        if (message.EditOf is { } edited && result.Kind is SendResultKind.Sent or SendResultKind.Rejected or SendResultKind.ChatGone or SendResultKind.Migrated)
        {
            _edits.Done(edited, message.Id);
        }
    }

    private static Activity? StartSendActivity(OutboxMessage message)
    {
        var activity = SnsTelegramActivities.StartSend(message.NotificationType, message.EditOf is not null, message.TraceParent, message.TraceState);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SnsTelegramActivities.MessageId, message.Id.ToString(CultureInfo.InvariantCulture));
            activity.SetTag(SnsTelegramActivities.DestinationKind, DeliveryMetrics.ChatTypeTag(message.ChatType));
            activity.SetTag(SnsTelegramActivities.Lane, DeliveryLanes.Name(message.Lane));
            activity.SetTag(SnsTelegramActivities.Attempt, message.Attempts + 1);
        }

        return activity;
    }

    /// <summary>Tags the send span with what Telegram's answer was (never its text: it may quote the message).</summary>
    private static void TagOutcome(Activity? activity, SendResult result)
    {
        if (activity is null)
        {
            return;
        }

        var (outcome, error) = result.Kind switch
        {
            SendResultKind.Sent => ("sent", null),
            SendResultKind.Throttled => ("throttled", null),
            SendResultKind.RateLimited => ("rate_limited", DeliveryReasons.RateLimited),
            SendResultKind.Migrated => ("migrated", null),
            SendResultKind.ChatGone => ("chat_unavailable", result.Reason ?? "chat_unavailable"),
            SendResultKind.Rejected => ("rejected", result.Reason ?? DeliveryReasons.Rejected),
            _ => ("failed", DeliveryReasons.Transient),
        };
        activity.SetTag(SnsTelegramActivities.Outcome, outcome);
        if (error is not null)
        {
            SnsTelegramActivities.Failed(activity, error);
        }
    }

    /// <summary>
    /// An edit with a newer edit of the same message waiting behind it is marked done without a call: the newer one
    /// carries the content that counts. Not a send, so not counted as one.
    /// </summary>
    private async Task<bool> IsSupersededAsync(OutboxLease lease, string originalKey, OutboxMessage original)
    {
        if (_edits.NewerThan(originalKey, lease.Message.Id) is not { } newer
            || (await _outbox.GetAsync(newer, CancellationToken.None).ConfigureAwait(false))?.State != OutboxState.Pending)
        {
            return false;
        }

        if (await _outbox.MarkSentAsync(lease.Message.Id, _pending.LeaseOf(lease.Message.Id, lease.LeaseId), _time.GetUtcNow(), original.TelegramMessageId, CancellationToken.None).ConfigureAwait(false))
        {
            Log.EditSuperseded(_logger, lease.Message.Id, newer);
        }
        else
        {
            Log.LeaseLost(_logger, lease.Message.Id, "superseded");
        }

        return true;
    }

    /// <summary>
    /// The sent message an edit replaces; null when the edit cannot go out now: it waits (not an attempt) while the
    /// original is pending, and is dead-lettered when the original was dead-lettered or is gone.
    /// </summary>
    private async Task<OutboxMessage?> FindOriginalAsync(OutboxLease lease, string originalKey)
    {
        var original = await _outbox.FindByKeyAsync(originalKey, CancellationToken.None).ConfigureAwait(false);
        switch (original)
        {
            case null:
                await DeadLetterAsync(lease, DeliveryReasons.OriginalMissing, "the message to edit is not in the outbox (never queued, or purged)").ConfigureAwait(false);
                return null;
            case { State: OutboxState.DeadLettered }:
                await DeadLetterAsync(lease, DeliveryReasons.OriginalDeadLettered, "the message to edit was never delivered").ConfigureAwait(false);
                return null;
            case { State: OutboxState.Pending }:
                var dueAt = _time.GetUtcNow() + EditWait;
                Log.EditWaitsForOriginal(_logger, lease.Message.Id, dueAt);
                await RescheduleAsync(lease, dueAt, "waiting for the message to edit to be sent", countAttempt: false).ConfigureAwait(false);
                return null;
            case { TelegramMessageId: null }:
                await DeadLetterAsync(lease, DeliveryReasons.OriginalMissing, "the message to edit has no Telegram message id").ConfigureAwait(false);
                return null;
            default:
                return original;
        }
    }

    /// <summary>The "sent" outcomes, written together when sends finish close together.</summary>
    private readonly SentMarkBatcher _sentMarks;

    private async Task RecordAsync(OutboxLease lease, SendResult result)
    {
        var message = lease.Message;
        var now = _time.GetUtcNow();
        switch (result.Kind)
        {
            case SendResultKind.Sent:
                await StoreAsync(lease, "sent", async (leaseId, cancellationToken) =>
                {
                    // with the marks of the sends that finish meanwhile, in one store call
                    var applied = await _sentMarks.MarkSentAsync(new OutboxSentMark(message.Id, leaseId, now, result.MessageId), cancellationToken).ConfigureAwait(false);
                    if (applied)
                    {
                        _metrics.Sent(message.ChatType, now - message.CreatedAt, edit: message.EditOf is not null);
                        if (message.EditOf is null)
                        {
                            Log.MessageSent(_logger, message.Id, message.ChatId, result.MessageId);
                        }
                        else
                        {
                            Log.MessageEdited(_logger, message.Id, message.ChatId, result.MessageId ?? 0);
                        }

                        _events.Message(message.EditOf is null ? SnsTelegramEventTypes.MessageSent : SnsTelegramEventTypes.MessageEdited, message);
                    }
                    else
                    {
                        Log.LeaseLost(_logger, message.Id, "sent");
                    }

                    return applied;
                }).ConfigureAwait(false);
                break;

            case SendResultKind.Throttled:
                // A long wait (a group's per-minute window, a long 429 pause) gives the message back with a due time.
                await RescheduleAsync(lease, now + result.Wait, "waiting for the rate limit", countAttempt: false).ConfigureAwait(false);
                break;

            case SendResultKind.RateLimited:
                Log.RateLimited(_logger, message.Id, result.Wait.TotalSeconds);
                _metrics.Retried(DeliveryReasons.RateLimited);
                await RescheduleAsync(lease, now + result.Wait, RateLimitedError + result.Error, countAttempt: false).ConfigureAwait(false);
                break;

            case SendResultKind.ChatGone:
                await DeadLetterAsync(lease, result.Reason!, result.Error).ConfigureAwait(false);
                break;

            case SendResultKind.Migrated when message.EditOf is not null:
                // The message to edit stays in the old group, which can no longer be written to: give up the edit.
                await DeadLetterAsync(lease, DeliveryReasons.Migrated, "the message to edit is in a group that became a supergroup").ConfigureAwait(false);
                break;

            case SendResultKind.Migrated when result.NewChatId is { } newChat:
                _metrics.Retried(DeliveryReasons.Migrated);

                // The redirect moved this message too; it is still its chat's oldest, so it goes out first, to the new id.
                await RescheduleAsync(lease, now, "moved to chat " + newChat.ToString(System.Globalization.CultureInfo.InvariantCulture), countAttempt: false).ConfigureAwait(false);
                break;

            case SendResultKind.Rejected:
                if (result.Reason == DeliveryReasons.FormatterBug)
                {
                    Log.FormatterBug(_logger, message.Id, message.NotificationType, result.Error);
                }

                await DeadLetterAsync(lease, result.Reason!, result.Error).ConfigureAwait(false);
                break;

            default:
                if (result.Unanswered)
                {
                    // cannot be avoided: sendMessage has no idempotency key, so a lost answer cannot be told from a lost request
                    Log.Unanswered(_logger, message.Id, result.Error);
                    _metrics.Unanswered(message.ChatType);
                }

                var attempt = message.Attempts + 1;
                if (attempt >= _options.MaxAttempts)
                {
                    await DeadLetterAsync(lease, DeliveryReasons.MaxAttempts, result.Error).ConfigureAwait(false);
                    break;
                }

                var dueAt = now + RetryDelay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
                Log.WillRetry(_logger, message.Id, attempt, _options.MaxAttempts, result.Error, dueAt);
                _metrics.Retried(DeliveryReasons.Transient);
                await RescheduleAsync(lease, dueAt, result.Error, countAttempt: true, failedAttempt: attempt).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The wait after the <paramref name="attempt"/>-th failure: <c>base × 2^(attempt-1)</c>, at most
    /// <paramref name="maxDelay"/>, of which a random half is taken off (so retries of many messages spread out).
    /// </summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double? random = null)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var full = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = random ?? Random.Shared.NextDouble();
        return TimeSpan.FromMilliseconds(full * (0.5 + (0.5 * jitter)));
    }

    private Task RescheduleAsync(OutboxLease lease, DateTimeOffset dueAt, string? error, bool countAttempt, int? failedAttempt = null) =>
        StoreAsync(lease, "for retry", async (leaseId, cancellationToken) =>
        {
            var applied = await _outbox.RescheduleAsync(lease.Message.Id, leaseId, dueAt, error, countAttempt, cancellationToken).ConfigureAwait(false);
            if (!applied)
            {
                Log.LeaseLost(_logger, lease.Message.Id, "for retry");
            }
            else if (failedAttempt is { } attempt)
            {
                _events.Message(SnsTelegramEventTypes.MessageFailed, lease.Message, attempts: attempt, reason: DeliveryReasons.Transient, nextAttemptAt: dueAt);
            }

            return applied;
        });

    private Task DeadLetterAsync(OutboxLease lease, string reason, string? error)
    {
        var text = error is null ? reason : reason + ": " + error;
        var at = _time.GetUtcNow();
        return StoreAsync(lease, "dead-lettered", async (leaseId, cancellationToken) =>
        {
            var applied = await _outbox.DeadLetterAsync(lease.Message.Id, leaseId, text, at, cancellationToken).ConfigureAwait(false);
            if (applied)
            {
                _metrics.DeadLettered(reason);
                Log.DeadLettered(_logger, lease.Message.Id, reason, error);
                _events.Message(SnsTelegramEventTypes.MessageDeadLettered, lease.Message, reason: reason);
            }
            else
            {
                Log.LeaseLost(_logger, lease.Message.Id, "dead-lettered");
            }

            return applied;
        });
    }

    /// <summary>
    /// Stores an outcome of <paramref name="lease"/>'s message with <paramref name="write"/>; when the store fails or does
    /// not answer within <see cref="DeliveryOptions.StoreTimeout"/>, the
    /// outcome is kept in <see cref="PendingOutcomes"/> and written again, with the same lease, once the store answers.
    /// </summary>
    private async Task StoreAsync(OutboxLease lease, string outcome, Func<string, CancellationToken, Task<bool>> write)
    {
        try
        {
            // A store that hangs (a locked file, a stalled connection) counts as failing after StoreTimeout. Should the
            // write still land later, writing it again is harmless: the second write finds the lease gone and changes nothing.
            using var timeout = new CancellationTokenSource();
            timeout.CancelAfter(_options.StoreTimeout);
            var leaseId = _pending.LeaseOf(lease.Message.Id, lease.LeaseId);
            var applied = await write(leaseId, timeout.Token).WaitAsync(_options.StoreTimeout, _time).ConfigureAwait(false);
            if (!applied && _pending.LeaseOf(lease.Message.Id, leaseId) is var adopted && adopted != leaseId)
            {
                // a lease query of this process took the message again while the outcome was written: write it with that lease
                applied = await write(adopted, timeout.Token).WaitAsync(_options.StoreTimeout, _time).ConfigureAwait(false);
            }

            if (!applied)
            {
                // the lease ran out and the message was leased again, perhaps by a lease query of this process still on
                // its way: kept, so that query adopts the outcome instead of sending the message again
                _pending.Orphan(lease.Message.Id, outcome, write);
            }
        }
        catch (Exception e)
        {
            _pending.Add(lease.Message.Id, lease.LeaseId, outcome, write, e);
        }
    }

    private async Task ReleaseAsync(OutboxLease lease)
    {
        Interlocked.Increment(ref _released);
        await _outbox.RescheduleAsync(lease.Message.Id, _pending.LeaseOf(lease.Message.Id, lease.LeaseId), _time.GetUtcNow(), "released at shutdown", countAttempt: false, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The messages of one term in flight: leased and not yet recorded, and the senders they share.</summary>
    private sealed class Flight(int senders, int capacity, int refill)
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _pending;
        private volatile bool _ending;
        private bool _drainedFlag;

        public SenderGate Senders { get; } = new(senders);

        /// <summary>Woken when a finished send leaves room for the lease loop (see <see cref="Done"/>).</summary>
        public RoomSignal Room { get; } = new();

        /// <summary>Whether the last lease query took everything due (fewer messages than it asked for).</summary>
        public bool Drained
        {
            get => Volatile.Read(ref _drainedFlag);
            set => Volatile.Write(ref _drainedFlag, value);
        }

        public int Pending => Volatile.Read(ref _pending);

        public void Start() => Interlocked.Increment(ref _pending);

        /// <summary>
        /// A message is recorded or released; true when the lease loop has something to do: nothing is in flight, the
        /// outbox was drained (this send's chat may have a next message), or a refill's worth of room is free.
        /// </summary>
        public bool Done()
        {
            var pending = Interlocked.Decrement(ref _pending);
            if (pending == 0 && _ending)
            {
                _drained.TrySetResult();
            }

            return pending == 0 || Drained || capacity - pending >= refill;
        }

        /// <summary>Waits until every message in flight is recorded or released.</summary>
        public async Task DrainAsync()
        {
            _ending = true;
            if (Pending == 0)
            {
                _drained.TrySetResult();
            }

            await _drained.Task.ConfigureAwait(false);
        }
    }
}
