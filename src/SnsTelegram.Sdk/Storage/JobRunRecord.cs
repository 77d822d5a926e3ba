namespace SnsTelegram.Sdk.Storage;

/// <summary>One run of a job's occurrence.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Occurrence">The scheduled instant (UTC) the run was for.</param>
/// <param name="Owner">The instance that ran it.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The error of a failed run.</param>
public sealed record JobRunRecord(
    string JobId,
    DateTimeOffset Occurrence,
    string Owner,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    JobOutcome Outcome,
    string? Error = null);
