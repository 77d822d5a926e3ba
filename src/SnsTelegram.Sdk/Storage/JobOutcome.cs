namespace SnsTelegram.Sdk.Storage;

/// <summary>How a job's run ended.</summary>
public enum JobOutcome
{
    /// <summary>It finished.</summary>
    Succeeded,

    /// <summary>It threw.</summary>
    Failed,

    /// <summary>It was stopped by shutdown.</summary>
    Canceled,
}
