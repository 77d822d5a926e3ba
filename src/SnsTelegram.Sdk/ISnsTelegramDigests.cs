using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk;

/// <summary>
/// A user's digests: the windows that collect their notifications (a digest window, or quiet hours in hold mode), and
/// the delivery of a window now instead of at its close time, for a "send my digest now" button.
/// </summary>
/// <remarks>
/// A window closed now goes the way a due window goes (the same <c>DigestCloser</c>): it is rendered in the user's
/// language, closed in the store once however many callers or instances try, and its one message is queued in the
/// outbox under <c>digest:{window id}</c>. Closing a window does not end the user's quiet hours: while they last in
/// hold mode, the digest waits in the outbox until they end (turn them off with <c>PATCH settings</c> first to have it
/// at once).
/// </remarks>
public interface ISnsTelegramDigests
{
    /// <summary>The user's windows not yet closed, the earliest close first (none when nothing is being collected).</summary>
    /// <param name="userId">The app's id of the user (<see cref="SnsUserId"/>'s rule).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open windows, with their close time, their number of events and whether quiet hours held one.</returns>
    /// <exception cref="ArgumentException">The user id breaks <see cref="SnsUserId"/>'s rule.</exception>
    ValueTask<IReadOnlyList<DigestWindow>> GetOpenAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes every window of the user not yet closed, whatever its close time, and queues its digest (a user no
    /// longer linked, or with notifications off, has the window closed without a message, as at its close time).
    /// </summary>
    /// <param name="userId">The app's id of the user (<see cref="SnsUserId"/>'s rule).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many windows this call closed (0 when there was none, or another caller closed them first).</returns>
    /// <exception cref="ArgumentException">The user id breaks <see cref="SnsUserId"/>'s rule.</exception>
    ValueTask<int> CloseNowAsync(string userId, CancellationToken cancellationToken = default);
}
