namespace SnsTelegram.Sdk.Reporting;

/// <summary>What a request to run a job now did, and the manual occurrence it was about.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Occurrence">The manual occurrence (<see cref="ManualOccurrences.Of"/>), or null when the job is unknown or off.</param>
internal sealed record ManualJobRun(ManualJobRunStatus Status, DateTimeOffset? Occurrence);
