namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// The answer of <c>GET outbox</c>: counts by state and lane, the pause in force, and the end of the 429 pause Telegram
/// asked for (<c>retry_after</c>) while it lasts, else null.
/// </summary>
internal sealed record OutboxResponse(IReadOnlyList<OutboxCountWire> Counts, PauseResponse Delivery, string? RateLimitedUntil);
