using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// A user's recent notifications, newest first, as the user's activity log (<c>GET notifications</c>) and the operator's
/// view of a user show them: the user's outbox messages merged by creation time with the notes of notifications that got
/// no message of their own (<see cref="INotificationNoteStore"/>: muted, digested). Edits are not listed on their own: a
/// sent message whose newest edit was delivered is <c>edited</c>. Only what was created within
/// <see cref="DeliveryOptions.Retention"/> is shown (older completed messages and notes are purged by housekeeping anyway).
/// </summary>
internal sealed class NotificationActivity(IOutboxStore outbox, INotificationNoteStore notes, IOptionsMonitor<SnsTelegramOptions> options, TimeProvider time)
{
    public const string Queued = "queued";
    public const string Failed = "failed";
    public const string Sent = "sent";
    public const string Edited = "edited";
    public const string Dead = "dead";
    public const string Muted = "muted";
    public const string Digested = "digested";

    /// <summary>The reason code of a muted notification.</summary>
    public const string MutedReason = "muted";

    /// <summary>The reason code of a digested notification whose window is open (or closed without a message).</summary>
    public const string DigestOpen = "digest_open";

    /// <summary>The reason code of a digested notification whose digest message is queued.</summary>
    public const string DigestQueued = "digest_queued";

    /// <summary>The reason code of a digested notification whose digest message was delivered.</summary>
    public const string DigestSent = "digest_sent";

    /// <summary>The reason code of a digested notification whose digest message was dead-lettered.</summary>
    public const string DigestFailed = "digest_failed";

    /// <summary>
    /// Up to <paramref name="limit"/> of <paramref name="userId"/>'s notifications from <paramref name="before"/> on
    /// (null: the newest), newest first: the outbox's page and the notes' page merged by creation time; each source is
    /// read in its own id order, so a page lists every entry once whatever the other source holds.
    /// </summary>
    public async ValueTask<ActivityPage> RecentAsync(string userId, ActivityPosition? before, int limit, CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow() - options.CurrentValue.Delivery.Retention;
        var filter = new OutboxFilter { UserId = userId, ExcludeEdits = true, CreatedFrom = from };
        var messages = await outbox.QueryAsync(filter, before?.OutboxBefore, limit, cancellationToken).ConfigureAwait(false);
        var noted = await notes.QueryAsync(userId, from, before?.NoteBefore, limit, cancellationToken).ConfigureAwait(false);
        var entries = new List<NotificationActivityEntry>(limit);
        var digests = new Dictionary<long, OutboxMessage?>();
        int m = 0, n = 0;
        while (entries.Count < limit && (m < messages.Count || n < noted.Count))
        {
            if (n == noted.Count || (m < messages.Count && messages[m].CreatedAt >= noted[n].CreatedAt))
            {
                var message = messages[m++];
                var edited = message.State == OutboxState.Sent
                    && await outbox.FindLatestEditAsync(message.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { State: OutboxState.Sent };
                entries.Add(Describe(message, edited));
            }
            else
            {
                var note = noted[n++];
                OutboxMessage? digest = null;
                if (note.DigestWindowId is { } window && !digests.TryGetValue(window, out digest))
                {
                    // the digest message as this page shows it, so that the two entries agree; else as the store has it now
                    var key = DigestCloser.KeyOf(window);
                    digest = messages.FirstOrDefault(x => x.IdempotencyKey == key)
                        ?? await outbox.FindByKeyAsync(key, cancellationToken).ConfigureAwait(false);
                    digests[window] = digest;
                }

                entries.Add(Describe(note, digest));
            }
        }

        if (entries.Count < limit)
        {
            return new ActivityPage(entries, null);
        }

        // each source goes on below the last entry it gave; one that gave none goes on below its newest (anything newer
        // came after this page was read), or stays where it was when it had nothing
        var next = new ActivityPosition(
            m > 0 ? messages[m - 1].Id : messages.Count > 0 ? messages[0].Id + 1 : before?.OutboxBefore,
            n > 0 ? noted[n - 1].Id : noted.Count > 0 ? noted[0].Id + 1 : before?.NoteBefore);
        return new ActivityPage(entries, next);
    }

    /// <summary>
    /// How a muted or digested notification shows in the log; <paramref name="digest"/> is the message of its digest
    /// window (<see cref="DigestCloser.KeyOf"/>), or null while the window is open.
    /// </summary>
    public static NotificationActivityEntry Describe(NotificationNote note, OutboxMessage? digest)
    {
        if (note.Kind == NotificationNoteKind.Muted)
        {
            return new NotificationActivityEntry(null, note.NotificationType, note.CreatedAt, Muted, null, 0, MutedReason, $"You muted {note.NotificationType} notifications.");
        }

        var (code, reason) = digest?.State switch
        {
            null => (DigestOpen, "It waits in a digest that has not been sent yet."),
            OutboxState.Sent => (DigestSent, "It went out in a digest message."),
            OutboxState.DeadLettered => (DigestFailed, "The digest message it went into could not be delivered."),
            _ => (DigestQueued, "It is in a digest message waiting to be sent."),
        };
        return new NotificationActivityEntry(
            null,
            note.NotificationType,
            note.CreatedAt,
            Digested,
            digest is { State: OutboxState.Sent } ? digest.CompletedAt : null,
            0,
            code,
            reason)
        {
            DigestMessageId = digest?.Id,
        };
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
