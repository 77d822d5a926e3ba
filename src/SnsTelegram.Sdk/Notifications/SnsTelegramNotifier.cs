using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

/// <summary>
/// The <see cref="ISnsTelegramNotifier"/>: checks the user's link and settings, renders the message in the user's
/// language and time zone, puts it in the outbox under an idempotency key and wakes the local dispatcher. It never
/// calls Telegram, so a slow or dead Telegram never slows the caller.
/// </summary>
/// <remarks>
/// Quiet hours do not hold a message back: a message whose enqueue time falls in the user's quiet hours (in the
/// user's time zone) is delivered at once but silently (<see cref="TelegramMessage.Silent"/>, Telegram's
/// <c>disable_notification</c>), so it arrives without a sound.
/// Idempotency keys: the caller's <see cref="SnsNotification.IdempotencyKey"/>; otherwise <c>post_success:&lt;postId&gt;</c>
/// for a published post with a <see cref="PostPublished.PostId"/>, <c>daily_summary:&lt;user&gt;:&lt;yyyy-MM-dd&gt;</c>
/// for a daily report, and a new unique key for anything else.
/// </remarks>
internal sealed class SnsTelegramNotifier(
    IChatLinkStore links,
    IOutboxStore outbox,
    NotificationRenderer renderer,
    DispatchSignal signal,
    TimeProvider timeProvider,
    ILogger<SnsTelegramNotifier> logger) : ISnsTelegramNotifier
{
    public async ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (string.IsNullOrWhiteSpace(notification.UserId))
        {
            throw new ArgumentException("The notification's UserId must not be empty.", nameof(notification));
        }

        var link = await links.GetAsync(notification.UserId, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return new NotifyResult(NotifyStatus.NotLinked);
        }

        if (!link.Enabled)
        {
            return new NotifyResult(NotifyStatus.Disabled);
        }

        if (NotificationRenderer.IsMuted(link, notification))
        {
            return new NotifyResult(NotifyStatus.Muted);
        }

        var message = renderer.Render(notification, link);
        var now = timeProvider.GetUtcNow();
        var result = await outbox.EnqueueAsync(
            new OutboxMessage
            {
                IdempotencyKey = IdempotencyKeyOf(notification),
                UserId = notification.UserId,
                ChatId = link.ChatId,
                ChatType = link.ChatType,
                NotificationType = notification.Type,
                Message = message,
                CreatedAt = now,
                DueAt = now,
            },
            cancellationToken).ConfigureAwait(false);

        if (result.Enqueued)
        {
            signal.Wake();
        }

        Log.NotificationQueued(logger, notification.Type, result.Id, !result.Enqueued);
        return new NotifyResult(result.Enqueued ? NotifyStatus.Queued : NotifyStatus.Duplicate, result.Id);
    }

    public ValueTask<NotifyResult> NotifyAsync(string type, string userId, JsonElement payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return NotifyAsync(SnsNotificationFactory.Create(type, userId, payload), cancellationToken);
    }

    /// <summary>The caller's key, or one derived from what identifies the notification, or a new unique one.</summary>
    internal static string IdempotencyKeyOf(SnsNotification notification)
    {
        if (!string.IsNullOrEmpty(notification.IdempotencyKey))
        {
            return notification.IdempotencyKey;
        }

        return notification switch
        {
            PostPublished { PostId: { Length: > 0 } postId } => $"{NotificationTypes.PostSuccess}:{postId}",
            DailySummary summary => string.Create(CultureInfo.InvariantCulture, $"{NotificationTypes.DailySummary}:{summary.UserId}:{summary.Date:yyyy-MM-dd}"),
            _ => $"{notification.Type}:{Guid.NewGuid():N}",
        };
    }
}
