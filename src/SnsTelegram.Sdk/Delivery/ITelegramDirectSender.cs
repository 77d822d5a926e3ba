namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Sends one notification to its user right away and reports how Telegram answered. Meant for interactive actions such
/// as "send a test message", where the caller wants the answer now; everything else should go through
/// <see cref="ISnsTelegramNotifier"/>. The message goes through the outbox in its lane (a test message is urgent) with a
/// single attempt, so it takes the bot's one budget whichever instance sends, and a blocked or vanished chat turns the
/// user's link off, exactly as for any other message. An instance must be sending (<see cref="DeliveryOptions.Enabled"/>
/// on at least one instance that shares the store).
/// </summary>
public interface ITelegramDirectSender
{
    /// <summary>Renders <paramref name="notification"/> for <paramref name="userId"/> and sends it now.</summary>
    /// <param name="userId">The app's id of the user.</param>
    /// <param name="notification">The notification; its <see cref="SnsNotification.UserId"/> must be <paramref name="userId"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer (the message stays queued).</param>
    /// <exception cref="ArgumentException">The user id breaks <see cref="SnsUserId"/>'s rule, or does not match the notification's.</exception>
    ValueTask<DirectSendResult> SendNowAsync(string userId, SnsNotification notification, CancellationToken cancellationToken = default);
}
