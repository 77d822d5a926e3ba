namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Sends one notification to its user right away, bypassing the outbox, and reports how Telegram answered.
/// Meant for interactive actions such as "send a test message", where the caller wants the answer now; everything
/// else should go through <see cref="ISnsTelegramNotifier"/>. The send still honours the bot's rate limits, and a
/// blocked or vanished chat turns the user's link off, exactly as the dispatcher does.
/// </summary>
public interface ITelegramDirectSender
{
    /// <summary>Renders <paramref name="notification"/> for <paramref name="userId"/> and sends it now.</summary>
    /// <param name="userId">The app's id of the user.</param>
    /// <param name="notification">The notification; its <see cref="SnsNotification.UserId"/> must be <paramref name="userId"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for a rate-limit slot and the call to Telegram.</param>
    /// <exception cref="ArgumentException">The user id is empty, or does not match the notification's.</exception>
    ValueTask<DirectSendResult> SendNowAsync(string userId, SnsNotification notification, CancellationToken cancellationToken = default);
}
