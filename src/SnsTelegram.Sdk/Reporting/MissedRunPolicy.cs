namespace SnsTelegram.Sdk.Reporting;

/// <summary>What the scheduler does with occurrences that fell while the app was down.</summary>
public enum MissedRunPolicy
{
    /// <summary>Run the latest missed occurrence once on start, then follow the schedule.</summary>
    RunOnce,

    /// <summary>Skip missed occurrences; wait for the next one.</summary>
    Skip,
}
