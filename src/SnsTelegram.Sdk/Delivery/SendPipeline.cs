using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The one way a notification reaches Telegram: link check → render → rate slot → gateway → outcome. The notifier runs
/// the first two steps and queues the result in the outbox, the <see cref="OutboxDispatcher"/> runs the last three for
/// each queued message, and the <see cref="TelegramDirectSender"/> runs all five at once. Whoever calls, Telegram's
/// answer has the same consequences for the bot: a 429 pauses every send for <c>retry_after</c>; a blocked or vanished
/// chat has its links turned off; a group that became a supergroup is followed (<see cref="ChatMigration"/>). What the
/// answer means for the message itself (retry it, dead-letter it, report it) is the caller's business.
/// </summary>
internal sealed class SendPipeline(
    IChatLinkStore links,
    NotificationRenderer renderer,
    ITelegramGateway gateway,
    DeliveryRateLimiter limiter,
    ChatMigration migration,
    ForumTopicRouter topics,
    DeliveryMetrics metrics,
    BotTokenState token,
    TelegramAvailability availability,
    IOutboxStore outbox,
    IOptions<SnsTelegramOptions> options,
    EventPublisher events,
    TimeProvider timeProvider,
    ILogger<SendPipeline> logger)
{
    private readonly TimeSpan _storeTimeout = options.Value.Delivery.StoreTimeout;

    /// <summary>Finds <paramref name="userId"/>'s link and whether <paramref name="notification"/> may go to it.</summary>
    public async ValueTask<LinkCheck> CheckLinkAsync(string userId, SnsNotification notification, CancellationToken cancellationToken)
    {
        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return Check(link, notification);
    }

    /// <summary>The links of many users, by user id (a user with no link is left out), in one store call.</summary>
    public ValueTask<IReadOnlyDictionary<string, ChatLink>> GetLinksAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        links.GetManyAsync(userIds, cancellationToken);

    /// <summary>Whether <paramref name="notification"/> may go to <paramref name="link"/> (null: the user has no link).</summary>
    public static LinkCheck Check(ChatLink? link, SnsNotification notification)
    {
        if (link is null)
        {
            return new LinkCheck(LinkCheckStatus.NotLinked, null);
        }

        if (!link.Enabled)
        {
            return new LinkCheck(LinkCheckStatus.Disabled, link);
        }

        return new LinkCheck(NotificationRenderer.IsMuted(link, notification) ? LinkCheckStatus.Muted : LinkCheckStatus.Allowed, link);
    }

    /// <summary>Renders <paramref name="notification"/> for <paramref name="link"/>'s user.</summary>
    public TelegramMessage Render(SnsNotification notification, ChatLink link) => renderer.Render(notification, link);

    /// <summary>
    /// Waits for a rate slot (at most <paramref name="maxWait"/>, else <see cref="SendResultKind.Throttled"/> without a
    /// call), sends or edits through the gateway, and applies Telegram's answer to the bot's state.
    /// </summary>
    /// <param name="request">The message.</param>
    /// <param name="maxWait">The longest rate-limit wait worth sitting out.</param>
    /// <param name="waitToken">Cancels the wait for a rate slot.</param>
    /// <param name="callToken">Cancels the call to Telegram once it is on the wire.</param>
    /// <exception cref="OperationCanceledException">One of the tokens was cancelled.</exception>
    public async Task<SendResult> SendAsync(SendRequest request, TimeSpan maxWait, CancellationToken waitToken, CancellationToken callToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var edit = request.EditMessageId is not null;
        var topicKey = edit ? null : topics.KeyOf(request.NotificationType, request.Platform);
        var thread = topicKey is null ? null : await topics.TopicForAsync(request.ChatId, request.ChatType, topicKey, ObserveAsync, callToken).ConfigureAwait(false);
        while (true)
        {
            var slot = await limiter.WaitForSlotAsync(request.ChatId, request.ChatType, request.Lane, mayPay: !edit, maxWait, waitToken).ConfigureAwait(false);
            if (!slot.Acquired)
            {
                return new SendResult(SendResultKind.Throttled) { Wait = slot.Wait };
            }

            SendOutcome outcome;
            var answered = false;
            try
            {
                outcome = request.EditMessageId is { } messageId
                    ? await gateway.EditAsync(request.EditChatId ?? request.ChatId, messageId, request.Message, callToken).ConfigureAwait(false)
                    : thread is { } topic
                        ? await gateway.SendToTopicAsync(request.ChatId, topic, request.Message, slot.Lease.AllowPaidBroadcast, callToken).ConfigureAwait(false)
                        : await gateway.SendAsync(request.ChatId, request.Message, slot.Lease.AllowPaidBroadcast, callToken).ConfigureAwait(false);

                // a timeout or a lost connection is no round trip
                answered = outcome.Kind != SendOutcomeKind.Transient || outcome.ErrorCode is not null;
            }
            finally
            {
                limiter.Complete(slot.Lease, answered);
            }

            availability.OnAnswer(outcome);

            if (thread is { } gone && outcome.Kind == SendOutcomeKind.Rejected && outcome.Error?.Contains("message thread not found", StringComparison.OrdinalIgnoreCase) == true)
            {
                // Someone deleted the topic: forget it (the next message of the type creates it again) and send to General.
                Log.ForumTopicGone(logger, request.ChatId, topicKey!, gone);
                await topics.ForgetAsync(request.ChatId, topicKey!, callToken).ConfigureAwait(false);
                thread = null;
                continue;
            }

            if (slot.Lease.AllowPaidBroadcast && TelegramGateway.IsPaidBroadcastRefused(outcome))
            {
                // The bot's Stars ran out: no more paid broadcasts today, and this message goes again at the free rate.
                limiter.OnPaidBroadcastRefused();
                Log.PaidBroadcastRefused(logger, request.ChatId, outcome.Error);
                continue;
            }

            if (slot.Lease.Paid && outcome.Kind == SendOutcomeKind.Sent)
            {
                metrics.PaidBroadcastSent();
            }

            return await ApplyAsync(request, outcome).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers a button press. It takes no rate slot (Telegram does not count it as a message), but it waits out a 429
    /// pause of up to <paramref name="maxWait"/> (a longer one gives up without a call), and a 429 it receives pauses the
    /// bot's sends like any other.
    /// </summary>
    /// <returns>Telegram's answer, or null when the pause was too long to wait out.</returns>
    public async Task<SendOutcome?> AnswerCallbackAsync(string callbackQueryId, string text, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (!await WaitOutPauseAsync(maxWait, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var outcome = await gateway.AnswerCallbackAsync(callbackQueryId, text, cancellationToken).ConfigureAwait(false);
        await ObserveAsync(outcome).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// Asks what a member may do in a chat (<c>getChatMember</c>), under the same rules as a button's answer: no rate slot,
    /// a 429 pause of up to <paramref name="maxWait"/> waited out, and a 429 received pauses the bot.
    /// </summary>
    /// <returns>Telegram's answer, or null when the pause was too long to wait out.</returns>
    public async Task<ChatMemberAnswer?> GetChatMemberAsync(long chatId, long userId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (!await WaitOutPauseAsync(maxWait, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var answer = await gateway.GetChatMemberAsync(chatId, userId, cancellationToken).ConfigureAwait(false);
        await ObserveAsync(answer.Outcome).ConfigureAwait(false);
        return answer;
    }

    /// <summary>Waits out the bot's 429 pause when it ends within <paramref name="maxWait"/>; false when it lasts longer.</summary>
    private async Task<bool> WaitOutPauseAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var pause = limiter.PausedUntil - timeProvider.GetUtcNow();
        if (pause > maxWait)
        {
            return false;
        }

        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A 429 answered to a call outside the rate slots pauses the bot's sends like any other.</summary>
    private async Task ObserveAsync(SendOutcome outcome)
    {
        if (outcome.Kind == SendOutcomeKind.RateLimited)
        {
            limiter.OnRateLimited(outcome.RetryAfter);
            await StorePauseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The term to send for the store begins: a 429 pause stored by the previous sender (another process, or this one
    /// before a restart) that still lasts pauses this limiter until its end, so nothing is sent before it.
    /// </summary>
    /// <exception cref="Exception">The store could not be read (the caller tries again).</exception>
    public async Task ResumeStoredPauseAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_storeTimeout);
        var until = await outbox.GetSendPauseAsync(timeout.Token).AsTask().WaitAsync(_storeTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (until is { } end && end > now && end > limiter.PausedUntil)
        {
            limiter.OnRateLimited(end - now);
            Log.SendPauseResumed(logger, end);
        }
    }

    /// <summary>Stores the end of the limiter's 429 pause, so that an instance taking over sending waits out its rest.</summary>
    private async Task StorePauseAsync()
    {
        var until = limiter.PausedUntil;
        try
        {
            using var timeout = new CancellationTokenSource();
            timeout.CancelAfter(_storeTimeout);
            await outbox.SaveSendPauseAsync(until, timeout.Token).AsTask().WaitAsync(_storeTimeout, timeProvider).ConfigureAwait(false);
            Log.SendPauseStored(logger, until);
        }
        catch (Exception e)
        {
            Log.SendPauseStoreFailed(logger, "written to", e);
        }
    }

    /// <summary>The outcome rules: what Telegram's answer changes for the bot, and what it means for the message.</summary>
    private async Task<SendResult> ApplyAsync(SendRequest request, SendOutcome outcome)
    {
        if (outcome.BotTokenRejected)
        {
            if (token.Rejected(timeProvider.GetUtcNow()))
            {
                Log.BotTokenRejected(logger);
            }
        }
        else if (outcome.ErrorCode is not null || outcome.Kind == SendOutcomeKind.Sent)
        {
            // any answer from Telegram other than 401 means it took the token
            token.Accepted();
        }

        switch (outcome.Kind)
        {
            case SendOutcomeKind.Sent:
                return new SendResult(SendResultKind.Sent) { MessageId = outcome.MessageId };

            case SendOutcomeKind.RateLimited:
                limiter.OnRateLimited(request.ChatId, request.ChatType, outcome.RetryAfter);
                await StorePauseAsync().ConfigureAwait(false);
                return new SendResult(SendResultKind.RateLimited, outcome.Error) { Wait = outcome.RetryAfter };

            case SendOutcomeKind.ChatUnavailable:
                var reason = outcome.DisabledReason ?? ChatLinkDisabledReasons.BotBlocked;
                var changed = await links.SetEnabledForChatAsync(request.ChatId, enabled: false, reason, CancellationToken.None).ConfigureAwait(false);
                Log.ChatDisabled(logger, request.ChatId, reason, changed);
                if (changed > 0)
                {
                    events.Chat(SnsTelegramEventTypes.LinkDisabled, request.ChatId, reason);
                }

                return new SendResult(SendResultKind.ChatGone, outcome.Error) { Reason = reason };

            case SendOutcomeKind.Migrated:
                long? newChat = outcome.MigrateToChatId is { } to && to != request.ChatId ? to : null;
                if (newChat is { } supergroup
                    && !await migration.FollowMigrateToAsync(request.ChatId, request.ChatType, supergroup, CancellationToken.None).ConfigureAwait(false))
                {
                    // Not a move Telegram makes (ChatMigration logged it): the message goes nowhere else.
                    return new SendResult(SendResultKind.Rejected, outcome.Error) { Reason = DeliveryReasons.MigrationRefused };
                }

                return new SendResult(SendResultKind.Migrated, outcome.Error) { NewChatId = newChat };

            case SendOutcomeKind.Rejected:
                var rejected = outcome.IsFormatterBug ? DeliveryReasons.FormatterBug : outcome.EditImpossible ? DeliveryReasons.EditImpossible : DeliveryReasons.Rejected;
                return new SendResult(SendResultKind.Rejected, outcome.Error) { Reason = rejected };

            default:
                return new SendResult(SendResultKind.Failed, outcome.Error) { Unanswered = outcome.Unanswered };
        }
    }
}
