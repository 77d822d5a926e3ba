namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// Receives every <see cref="SnsTelegramEvent"/> in the process where it happens, after the change is stored and outside
/// any transaction. Registered with <c>AddEventHandler&lt;T&gt;()</c>; resolved from a new DI scope for each event.
/// Handlers run one event at a time, in the order events are raised; an exception is logged and changes nothing else
/// (the message stays sent, the next handler still runs), and the event is not offered again.
/// </summary>
public interface ISnsTelegramEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="event">The event.</param>
    /// <param name="cancellationToken">Cancelled when the app stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(SnsTelegramEvent @event, CancellationToken cancellationToken);
}
