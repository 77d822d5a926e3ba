namespace SnsTelegram.Sdk.Delivery;

/// <summary>Wakes the dispatcher's lease loop, while it has no room to lease into, when a finished send leaves room.</summary>
internal sealed class RoomSignal : WakeSignal;
