using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.Operations;

/// <summary>One job of <c>GET jobs</c>.</summary>
internal sealed record JobWire(string Id, string Schedule, bool Enabled, bool Running, string? NextRun, JobRunWire? LastRun)
{
    public static JobWire From(ScheduledJobStatus status) => new(
        status.Job.Id,
        AdminNames.Schedule(status.Job.Schedule),
        status.Job.Enabled,
        status.IsRunning,
        status.NextOccurrence is { } next ? WireFormat.Timestamp(next) : null,
        status.LastRun is { } last ? JobRunWire.From(last) : null);
}
