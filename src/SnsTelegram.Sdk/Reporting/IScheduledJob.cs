namespace SnsTelegram.Sdk.Reporting;

/// <summary>A job the scheduler runs: the daily report, housekeeping, or a host's own work.</summary>
public interface IScheduledJob
{
    /// <summary>Runs one occurrence. An exception is logged and recorded; the schedule goes on.</summary>
    Task ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}
