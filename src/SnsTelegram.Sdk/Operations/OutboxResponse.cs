namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of <c>GET outbox</c>: counts by state and lane, and the pause in force.</summary>
internal sealed record OutboxResponse(IReadOnlyList<OutboxCountWire> Counts, PauseResponse Delivery);
