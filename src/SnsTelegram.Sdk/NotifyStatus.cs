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

    /// <summary>
    /// The notification was kept in the user's digest window (or held by their quiet hours in hold mode) and goes out
    /// in one digest message when the window closes; <see cref="NotifyResult.OutboxId"/> is null. For
    /// <see cref="ISnsTelegramNotifier.UpdateAsync(SnsNotification, CancellationToken)"/>: the post went into a digest, so its edit is dropped.
    /// </summary>
    Digested,
}
