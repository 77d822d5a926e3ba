namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// A term during which this instance sends for the store (<see cref="IDispatchCoordinator.AcquireAsync"/>). Disposing it
/// hands the right on; <see cref="Lost"/> is cancelled if the term ends by itself first (the connection that held it
/// broke), and the holder must then stop sending at once, because another instance may already have taken over.
/// </summary>
public interface IDispatchTerm : IAsyncDisposable
{
    /// <summary>Cancelled when the term ended without being disposed.</summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Whether another process held the term while this one waited for it, and so may have been sending for the bot
    /// until a moment ago. The new holder then lets Telegram's one-second window pass before it sends, since its rate
    /// limiter does not know what the previous holder sent.
    /// </summary>
    bool FollowsAnotherProcess { get; }

    /// <summary>
    /// Whether, during this term, the coordinator calls its wake action for every message another instance makes due
    /// now (an enqueue, a resend, a closed digest). The holder then sleeps until the store's next due time
    /// (<see cref="IOutboxStore.NextDueAsync"/>) instead of polling the store every
    /// <see cref="DeliveryOptions.PollInterval"/>. The default, false, keeps the poll.
    /// </summary>
    bool WakesOnEveryEnqueue => false;
}
