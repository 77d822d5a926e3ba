using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>A job's latest run in <c>GET jobs</c>.</summary>
internal sealed record JobRunWire(string Occurrence, bool Manual, string StartedAt, double DurationMs, string Outcome, string? Error, string Owner)
{
    public static JobRunWire From(JobRunRecord run) => new(
        WireFormat.Timestamp(run.Occurrence),
        ManualOccurrences.IsManual(run.Occurrence),
        WireFormat.Timestamp(run.StartedAt),
        Math.Round(run.Duration.TotalMilliseconds, 1),
        AdminNames.Outcome(run.Outcome),
        run.Error,
        run.Owner);
}
