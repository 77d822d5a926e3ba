namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of <c>POST jobs/{id}/run</c> when the run started: the job and its manual occurrence.</summary>
internal sealed record JobRunResponse(string Job, string Occurrence, string Status);
