namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>Wakes the local event pump when an event was queued for the webhook.</summary>
internal sealed class EventSignal : WakeSignal;
