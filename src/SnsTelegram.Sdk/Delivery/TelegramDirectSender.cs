using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The <see cref="ITelegramDirectSender"/>: checks and renders like the notifier, queues the message in its lane (a test
/// message is urgent) with a single attempt, wakes the instance that sends, and waits for the outcome. Going through the
/// outbox keeps the send under the bot's one budget whichever instance the caller is on; the single attempt keeps the
/// old promise that a failed send is reported, not retried behind the caller's back.
/// </summary>
internal sealed class TelegramDirectSender(
    SendPipeline pipeline,
    IOutboxStore outbox,
    DispatchSignal signal,
    DeliveryOutcomes outcomes,
    IOptions<SnsTelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<TelegramDirectSender> logger) : ITelegramDirectSender
{
    /// <summary>How long the caller waits for Telegram's answer before it is told Telegram is unavailable.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>How the dispatcher marks a message put back after a 429 (<see cref="OutboxDispatcher"/>).</summary>
    private const string RateLimitedPrefix = OutboxDispatcher.RateLimitedError;

    /// <summary>How often the outcome is looked up while waiting, in case another instance sends it.</summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    public async ValueTask<DirectSendResult> SendNowAsync(string userId, SnsNotification notification, CancellationToken cancellationToken = default)
    {
        SnsUserId.ThrowIfInvalid(userId, nameof(userId));
        ArgumentNullException.ThrowIfNull(notification);
        if (!string.Equals(userId, notification.UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The notification's UserId must be the user it is sent to.", nameof(notification));
        }

        var check = await pipeline.CheckLinkAsync(userId, notification, cancellationToken).ConfigureAwait(false);
        switch (check.Status)
        {
            case LinkCheckStatus.NotLinked:
                return new DirectSendResult(DirectSendStatus.NotLinked);
            case LinkCheckStatus.Disabled:
                return new DirectSendResult(DirectSendStatus.Disabled, Error: check.Link!.DisabledReason);
            case LinkCheckStatus.Muted:
                return new DirectSendResult(DirectSendStatus.Muted);
        }

        var link = check.Link!;
        var delivery = options.Value.Delivery;
        var now = timeProvider.GetUtcNow();
        using var activity = SnsTelegramActivities.StartEnqueue(notification.Type, "send_now");
        var (traceParent, traceState) = SnsTelegramActivities.CurrentContext();
        var queued = await outbox.EnqueueAsync(
            new OutboxMessage
            {
                IdempotencyKey = "direct:" + Guid.NewGuid().ToString("N"),
                UserId = userId,
                ChatId = link.ChatId,
                ChatType = link.ChatType,
                NotificationType = notification.Type,
                Lane = DeliveryLanes.Of(notification.Type, delivery),
                Message = pipeline.Render(notification, link),
                CreatedAt = now,
                DueAt = now,

                // one attempt left: a server error or a timeout dead-letters it, and the caller hears of it
                Attempts = Math.Max(0, delivery.MaxAttempts - 1),
                TraceParent = traceParent,
                TraceState = traceState,
            },
            cancellationToken).ConfigureAwait(false);
        signal.Wake();
        try
        {
            return await WaitForOutcomeAsync(queued.Id, link.ChatId, now + MaxWait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            outcomes.Forget(queued.Id);
        }
    }

    /// <summary>
    /// Waits until the message is sent, given up, or put back because Telegram asked the bot to wait, and answers that;
    /// hears of the local dispatcher's record at once, and looks at the store every <see cref="CheckInterval"/> in case
    /// another instance sends.
    /// </summary>
    private async Task<DirectSendResult> WaitForOutcomeAsync(long id, long chatId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var recorded = outcomes.NextRecordOf(id);
            var message = await outbox.GetAsync(id, cancellationToken).ConfigureAwait(false);
            var at = timeProvider.GetUtcNow();
            switch (message)
            {
                case { State: OutboxState.Sent }:
                    return new DirectSendResult(DirectSendStatus.Sent, message.TelegramMessageId);
                case { State: OutboxState.DeadLettered }:
                    return Fail(message.ChatId, Outcome(message.LastError));
                case null:
                    return Fail(chatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: "the message left the outbox before it was sent"));
                case { LastError: { } error } when error.StartsWith(RateLimitedPrefix, StringComparison.Ordinal) && message.DueAt > at:
                    // Telegram asked the bot to wait: the message goes out then; the caller hears now
                    return Fail(message.ChatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: error[RateLimitedPrefix.Length..], RetryAfter: message.DueAt - at));
                case { } when at >= deadline:
                    return Fail(message.ChatId, new DirectSendResult(
                        DirectSendStatus.TelegramUnavailable,
                        Error: "no answer from Telegram in time; the message stays queued",
                        RetryAfter: MaxWait));
            }

            var poll = Task.Delay(CheckInterval, timeProvider, cancellationToken);
            await Task.WhenAny(recorded, poll).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>What a dead-lettered message's reason (<c>reason: error</c>) means for the caller.</summary>
    private static DirectSendResult Outcome(string? lastError)
    {
        var reason = lastError is null ? string.Empty : lastError.Split(':', 2)[0];
        if (lastError is not null && lastError.Contains(DeliveryReasons.BotTokenRejected + ":", StringComparison.Ordinal))
        {
            // given up after Telegram refused the token (the error text of a 401 names it; see TelegramGateway.Classify)
            return new DirectSendResult(DirectSendStatus.BotTokenRejected, Error: DeliveryReasons.BotTokenRejected);
        }

        return reason switch
        {
            ChatLinkDisabledReasons.BotBlocked or ChatLinkDisabledReasons.ChatNotFound or ChatLinkDisabledReasons.UserDeactivated
                => new DirectSendResult(DirectSendStatus.Blocked, Error: reason),
            DeliveryReasons.Rejected or DeliveryReasons.FormatterBug => new DirectSendResult(DirectSendStatus.Rejected, Error: lastError),
            _ => new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: lastError),
        };
    }

    private DirectSendResult Fail(long chatId, DirectSendResult result)
    {
        Log.DirectSendFailed(logger, chatId, result.Status, result.Error);
        return result;
    }
}
