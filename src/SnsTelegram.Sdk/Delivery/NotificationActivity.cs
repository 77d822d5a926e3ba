using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// A user's recent notifications, newest first, as the user's activity log (<c>GET notifications</c>) and the operator's
/// view of a user show them. Edits are not listed on their own: a sent message whose newest edit was delivered is
/// <c>edited</c>. Only messages created within <see cref="DeliveryOptions.Retention"/> are shown (older completed ones are
/// purged by housekeeping anyway).
/// </summary>
internal sealed class NotificationActivity(IOutboxStore outbox, IOptionsMonitor<SnsTelegramOptions> options, TimeProvider time)
{
    public const string Queued = "queued";
    public const string Failed = "failed";
    public const string Sent = "sent";
    public const string Edited = "edited";
    public const string Dead = "dead";

    /// <summary>Up to <paramref name="limit"/> of <paramref name="userId"/>'s notifications with ids below <paramref name="beforeId"/>, newest first.</summary>
    public async ValueTask<IReadOnlyList<NotificationActivityEntry>> RecentAsync(string userId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        var filter = new OutboxFilter
        {
            UserId = userId,
            ExcludeEdits = true,
            CreatedFrom = time.GetUtcNow() - options.CurrentValue.Delivery.Retention,
        };
        var messages = await outbox.QueryAsync(filter, beforeId, limit, cancellationToken).ConfigureAwait(false);
        var entries = new List<NotificationActivityEntry>(messages.Count);
        foreach (var message in messages)
        {
            var edited = message.State == OutboxState.Sent
                && await outbox.FindLatestEditAsync(message.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { State: OutboxState.Sent };
            entries.Add(Describe(message, edited));
        }

        return entries;
    }

    /// <summary>How <paramref name="message"/> shows in the log; <paramref name="edited"/> when an edit of it was delivered.</summary>
    public static NotificationActivityEntry Describe(OutboxMessage message, bool edited)
    {
        var code = ReasonCode(message.LastError);
        var state = message.State switch
        {
            OutboxState.Sent => edited ? Edited : Sent,
            OutboxState.DeadLettered => Dead,
            _ => message.Attempts > 0 ? Failed : Queued,
        };
        if (state == Sent || state == Edited || (state == Queued && code != DeliveryReasons.RateLimited))
        {
            // a queued message's last note (a wait for its original, a release at shutdown) is no failure
            code = null;
        }

        return new NotificationActivityEntry(
            message.Id,
            message.NotificationType,
            message.CreatedAt,
            state,
            message.State == OutboxState.Sent ? message.CompletedAt : null,
            message.Attempts,
            code,
            code is null ? null : Explain(code));
    }

    /// <summary>The reason code at the start of a stored error (<c>reason: details</c>), or null.</summary>
    public static string? ReasonCode(string? error)
    {
        if (string.IsNullOrEmpty(error))
        {
            return null;
        }

        if (error.StartsWith(OutboxDispatcher.RateLimitedError, StringComparison.Ordinal))
        {
            return DeliveryReasons.RateLimited;
        }

        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? error : error[..colon];
        return head.Length > 0 && head.All(static c => c is (>= 'a' and <= 'z') or '_') ? head : DeliveryReasons.Transient;
    }

    /// <summary>A reason code in words, for the user; never the raw error (it may name internals).</summary>
    public static string Explain(string code) => code switch
    {
        ChatLinkDisabledReasons.BotBlocked => "The bot is blocked in Telegram. Unblock it and link again to get notifications.",
        ChatLinkDisabledReasons.UserDeactivated => "The Telegram account was deactivated.",
        ChatLinkDisabledReasons.ChatNotFound => "The Telegram chat no longer exists.",
        DeliveryReasons.RateLimited => "Telegram asked the bot to slow down; it will be sent shortly.",
        DeliveryReasons.Transient => "Telegram could not be reached; it will be tried again.",
        DeliveryReasons.MaxAttempts => "Telegram could not be reached after many attempts.",
        DeliveryReasons.FormatterBug or DeliveryReasons.Rejected => "Telegram refused the message.",
        DeliveryReasons.EditImpossible => "The message in the chat could no longer be updated.",
        DeliveryReasons.OriginalMissing or DeliveryReasons.OriginalDeadLettered => "The message it updates was never delivered.",
        DeliveryReasons.Migrated => "The group moved to a new chat before the update was sent.",
        DeliveryReasons.MigrationRefused => "The group's move to a new chat could not be confirmed.",
        DeliveryReasons.BotTokenRejected => "The service's Telegram bot is not configured correctly.",
        _ => "The message could not be delivered.",
    };
}
