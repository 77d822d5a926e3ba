namespace SnsTelegram.Sdk.Reporting;

/// <summary>Reads the scheduler's jobs and their state (available even when this instance's scheduler is turned off).</summary>
public interface IJobScheduler
{
    /// <summary>The registered jobs, with configuration overrides applied, in registration order.</summary>
    IReadOnlyList<ScheduledJobInfo> Jobs { get; }

    /// <summary>The instance id this process uses as lease owner.</summary>
    string InstanceId { get; }

    /// <summary>Every job with its next occurrence, last run and whether it is running.</summary>
    ValueTask<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken cancellationToken = default);
}
