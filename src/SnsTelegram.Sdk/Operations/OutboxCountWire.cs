namespace SnsTelegram.Sdk.Operations;

/// <summary>One state and lane of <c>GET outbox</c>.</summary>
internal sealed record OutboxCountWire(string State, string Lane, long Count);
