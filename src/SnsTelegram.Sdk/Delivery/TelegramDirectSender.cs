using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The <see cref="ITelegramDirectSender"/>: renders like the notifier, sends through the same rate limiter and gateway.</summary>
internal sealed class TelegramDirectSender(
    IChatLinkStore links,
    NotificationRenderer renderer,
    ITelegramGateway gateway,
    DeliveryRateLimiter limiter,
    ChatFailureHandler chats,
    TimeProvider timeProvider,
    ILogger<TelegramDirectSender> logger) : ITelegramDirectSender
{
    /// <summary>A rate-limit wait longer than this is answered with <see cref="DirectSendStatus.TelegramUnavailable"/> instead of waited out.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    public async ValueTask<DirectSendResult> SendNowAsync(string userId, SnsNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(notification);
        if (!string.Equals(userId, notification.UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The notification's UserId must be the user it is sent to.", nameof(notification));
        }

        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return new DirectSendResult(DirectSendStatus.NotLinked);
        }

        if (!link.Enabled)
        {
            return new DirectSendResult(DirectSendStatus.Disabled, Error: link.DisabledReason);
        }

        if (NotificationRenderer.IsMuted(link, notification))
        {
            return new DirectSendResult(DirectSendStatus.Muted);
        }

        var message = renderer.Render(notification, link);
        var chatId = link.ChatId;

        // One resend after a group's migration to a supergroup.
        for (var round = 0; round < 2; round++)
        {
            var (tooLong, slot) = await WaitForSlotAsync(chatId, link.ChatType, cancellationToken).ConfigureAwait(false);
            if (tooLong is { } wait)
            {
                return Fail(chatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: "rate limited", RetryAfter: wait));
            }

            SendOutcome outcome;
            try
            {
                outcome = await gateway.SendAsync(chatId, message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                limiter.Complete(slot);
            }

            switch (outcome.Kind)
            {
                case SendOutcomeKind.Sent:
                    return new DirectSendResult(DirectSendStatus.Sent, outcome.MessageId);
                case SendOutcomeKind.RateLimited:
                    limiter.OnRateLimited(chatId, link.ChatType, outcome.RetryAfter);
                    return Fail(chatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: outcome.Error, RetryAfter: outcome.RetryAfter));
                case SendOutcomeKind.ChatUnavailable:
                    var reason = outcome.DisabledReason ?? ChatLinkDisabledReasons.BotBlocked;
                    await chats.DisableChatAsync(chatId, reason, CancellationToken.None).ConfigureAwait(false);
                    return Fail(chatId, new DirectSendResult(DirectSendStatus.Blocked, Error: reason));
                case SendOutcomeKind.Migrated when outcome.MigrateToChatId is { } newChat && round == 0:
                    await chats.MigrateChatAsync(chatId, newChat, CancellationToken.None).ConfigureAwait(false);
                    chatId = newChat;
                    continue;
                case SendOutcomeKind.Rejected:
                    return Fail(chatId, new DirectSendResult(DirectSendStatus.Rejected, Error: outcome.Error));
                default:
                    return Fail(chatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: outcome.Error));
            }
        }

        return Fail(chatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: "the chat migrated twice"));
    }

    private async ValueTask<(TimeSpan? TooLong, RateLimitLease Slot)> WaitForSlotAsync(long chatId, TelegramChatType chatType, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = limiter.TryAcquire(chatId, chatType, out var slot);
            if (wait <= TimeSpan.Zero)
            {
                return (null, slot);
            }

            if (wait > MaxWait)
            {
                return (wait, default);
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private DirectSendResult Fail(long chatId, DirectSendResult result)
    {
        Log.DirectSendFailed(logger, chatId, result.Status, result.Error);
        return result;
    }
}
