namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of <c>GET dead-letters</c>: a page, newest first, and the cursor of the next page (null on the last).</summary>
internal sealed record DeadLettersResponse(IReadOnlyList<DeadLetterWire> DeadLetters, string? NextBefore);
