using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The <see cref="ITelegramDirectSender"/>: the whole <see cref="SendPipeline"/> at once, answered to the caller.</summary>
internal sealed class TelegramDirectSender(SendPipeline pipeline, ILogger<TelegramDirectSender> logger) : ITelegramDirectSender
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
        var request = new SendRequest(link.ChatId, link.ChatType, pipeline.Render(notification, link));
        var result = await pipeline.SendAsync(request, MaxWait, cancellationToken, cancellationToken).ConfigureAwait(false);

        // One resend after a group's migration to a supergroup (the pipeline has moved the chat).
        if (result is { Kind: SendResultKind.Migrated, NewChatId: { } supergroup })
        {
            request = request with { ChatId = supergroup };
            result = await pipeline.SendAsync(request, MaxWait, cancellationToken, cancellationToken).ConfigureAwait(false);
        }

        return result.Kind switch
        {
            SendResultKind.Sent => new DirectSendResult(DirectSendStatus.Sent, result.MessageId),
            SendResultKind.Throttled => Fail(request.ChatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: "rate limited", RetryAfter: result.Wait)),
            SendResultKind.RateLimited => Fail(request.ChatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: result.Error, RetryAfter: result.Wait)),
            SendResultKind.ChatGone => Fail(request.ChatId, new DirectSendResult(DirectSendStatus.Blocked, Error: result.Reason)),
            SendResultKind.Rejected => Fail(request.ChatId, new DirectSendResult(DirectSendStatus.Rejected, Error: result.Error)),
            _ => Fail(request.ChatId, new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: result.Error)),
        };
    }

    private DirectSendResult Fail(long chatId, DirectSendResult result)
    {
        Log.DirectSendFailed(logger, chatId, result.Status, result.Error);
        return result;
    }
}
