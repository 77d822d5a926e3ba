using System.Text.Json;

namespace SnsTelegram.Sdk;

/// <summary>
/// Tells users about their posts on Telegram. Returns once the message is in the durable outbox; it never throws
/// because of Telegram (delivery happens in the background).
/// </summary>
public interface ISnsTelegramNotifier
{
    /// <summary>
    /// Renders and enqueues a notification for its user. When the user digests its type (<c>digest_minutes</c>), or
    /// their quiet hours in hold mode are on, it is kept in their digest window instead and
    /// <see cref="NotifyStatus.Digested"/> is returned; the window goes out as one message when it closes.
    /// </summary>
    /// <exception cref="ArgumentException">The notification is invalid (for example a user id that breaks <see cref="SnsUserId"/>'s rule: empty, over 128 characters, control characters).</exception>
    /// <exception cref="SnsTelegramStoreException">The store is unreachable or did not answer within <see cref="DeliveryOptions.StoreTimeout"/>; nothing was queued.</exception>
    ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default);

    /// <summary>
    /// A broadcast: each notification as <see cref="NotifyAsync(SnsNotification, CancellationToken)"/> would treat it (the
    /// user's link, muted types, digests, quiet hours and language), but with the links of many users read together and
    /// the messages enqueued together (<see cref="Storage.IOutboxStore.EnqueueManyAsync"/>), so a list of thousands costs
    /// a few store round trips instead of two per notification. Returns one result per notification, in order.
    /// </summary>
    /// <remarks>
    /// The list is stored in chunks: when a call fails part way (<see cref="SnsTelegramStoreException"/>), the earlier
    /// chunks are queued. Give every notification its own <see cref="SnsNotification.IdempotencyKey"/> and send the same
    /// list again: what was queued answers <see cref="NotifyStatus.Duplicate"/> and is not sent twice. The default
    /// implementation calls <see cref="NotifyAsync(SnsNotification, CancellationToken)"/> once per notification.
    /// </remarks>
    /// <exception cref="ArgumentException">A notification is null or invalid; the parameter name says which (<c>notifications[3]</c>) and nothing was queued.</exception>
    /// <exception cref="SnsTelegramStoreException">The store is unreachable or did not answer within <see cref="DeliveryOptions.StoreTimeout"/> (each store call has that long).</exception>
    async ValueTask<IReadOnlyList<NotifyResult>> NotifyManyAsync(IEnumerable<SnsNotification> notifications, CancellationToken cancellationToken = default)
    {
        var list = NotificationList.Checked(notifications);

        var results = new NotifyResult[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            results[i] = await NotifyAsync(list[i], cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// The original <c>send_sns_notification(type, payload)</c>: builds the notification named by <paramref name="type"/>
    /// (<see cref="NotificationTypes"/>) from a snake_case JSON payload and enqueues it.
    /// </summary>
    /// <exception cref="ArgumentException">The type is unknown, the user id breaks <see cref="SnsUserId"/>'s rule, or the payload lacks a required field or holds unreadable text; the message says which.</exception>
    /// <exception cref="SnsTelegramStoreException">The store is unreachable or did not answer within <see cref="DeliveryOptions.StoreTimeout"/>; nothing was queued.</exception>
    ValueTask<NotifyResult> NotifyAsync(string type, string userId, JsonElement payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renders the notification again (same formatter, the user's language and time zone) and queues an edit of the Telegram
    /// message sent for the same idempotency key, for example a published post whose likes, comments, shares or views
    /// changed. The key is found as for <see cref="NotifyAsync(SnsNotification, CancellationToken)"/>: the notification's
    /// <see cref="SnsNotification.IdempotencyKey"/>, or <c>post_success:&lt;postId&gt;</c> for a <see cref="PostPublished"/> with a
    /// <see cref="PostPublished.PostId"/>. The edit goes out after the original message; an edit whose content was queued
    /// before returns <see cref="NotifyStatus.Duplicate"/>.
    /// </summary>
    /// <returns>
    /// <see cref="NotifyStatus.Queued"/> for a new edit, <see cref="NotifyStatus.Duplicate"/> when the same content was queued
    /// as an edit before, <see cref="NotifyStatus.NotFound"/> when no message was queued under the key (never an exception),
    /// <see cref="NotifyStatus.Digested"/> when the post went into a digest (a digest is not edited, so the edit is dropped),
    /// and <see cref="NotifyStatus.NotLinked"/>, <see cref="NotifyStatus.Disabled"/> or <see cref="NotifyStatus.Muted"/> as for a new notification.
    /// </returns>
    /// <exception cref="ArgumentException">The notification is invalid (for example a user id that breaks <see cref="SnsUserId"/>'s rule: empty, over 128 characters, control characters).</exception>
    /// <exception cref="SnsTelegramStoreException">The store is unreachable or did not answer within <see cref="DeliveryOptions.StoreTimeout"/>; nothing was queued.</exception>
    ValueTask<NotifyResult> UpdateAsync(SnsNotification notification, CancellationToken cancellationToken = default);
}
