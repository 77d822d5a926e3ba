namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of <c>GET jobs</c>.</summary>
internal sealed record JobsResponse(IReadOnlyList<JobWire> Jobs);
