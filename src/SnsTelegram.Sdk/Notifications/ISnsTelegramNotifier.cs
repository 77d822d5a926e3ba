using System.Text.Json;

namespace SnsTelegram.Sdk;

/// <summary>
/// What <see cref="ISnsTelegramNotifier.NotifyAsync(SnsNotification, CancellationToken)"/> or
/// <see cref="ISnsTelegramNotifier.UpdateAsync(SnsNotification, CancellationToken)"/> did.
/// </summary>
public enum NotifyStatus
{
    /// <summary>The message is safely in the outbox; the dispatcher delivers it.</summary>
    Queued,

    /// <summary>A message with the same idempotency key was enqueued before; nothing new was queued.</summary>
    Duplicate,

    /// <summary>The user has no Telegram link.</summary>
    NotLinked,

    /// <summary>The user's link is turned off (by <c>/stop</c>, a block, or the app).</summary>
    Disabled,

    /// <summary>The user muted this notification type.</summary>
    Muted,

    /// <summary>
    /// For <see cref="ISnsTelegramNotifier.UpdateAsync(SnsNotification, CancellationToken)"/>: no message was ever queued under
    /// the notification's idempotency key (or it was purged), so there is nothing to edit.
    /// </summary>
    NotFound,
}

/// <summary>The result of a notification.</summary>
/// <param name="Status">What happened.</param>
/// <param name="OutboxId">The outbox message id when queued or duplicate.</param>
public readonly record struct NotifyResult(NotifyStatus Status, long? OutboxId = null);

/// <summary>
/// Tells users about their posts on Telegram. Returns once the message is in the durable outbox; it never throws
/// because of Telegram (delivery happens in the background).
/// </summary>
public interface ISnsTelegramNotifier
{
    /// <summary>Renders and enqueues a notification for its user.</summary>
    /// <exception cref="ArgumentException">The notification is invalid (for example an empty user id).</exception>
    ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default);

    /// <summary>
    /// The original <c>send_sns_notification(type, payload)</c>: builds the notification named by <paramref name="type"/>
    /// (<see cref="NotificationTypes"/>) from a snake_case JSON payload and enqueues it.
    /// </summary>
    /// <exception cref="ArgumentException">The type is unknown or the payload lacks a required field; the message says which.</exception>
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
    /// and <see cref="NotifyStatus.NotLinked"/>, <see cref="NotifyStatus.Disabled"/> or <see cref="NotifyStatus.Muted"/> as for a new notification.
    /// </returns>
    /// <exception cref="ArgumentException">The notification is invalid (for example an empty user id).</exception>
    ValueTask<NotifyResult> UpdateAsync(SnsNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>Implemented by the host to retry a failed post when the user presses "Retry" under a failure message.</summary>
public interface IPostRetryHandler
{
    /// <summary>Retries the post; returns a short text the bot shows the user (for example "Retry scheduled").</summary>
    ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default);
}
