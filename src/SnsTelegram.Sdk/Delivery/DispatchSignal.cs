namespace SnsTelegram.Sdk.Delivery;

/// <summary>Wakes the local dispatcher when there is new work (a message enqueued, a chat's next message unblocked).</summary>
internal sealed class DispatchSignal : WakeSignal;
