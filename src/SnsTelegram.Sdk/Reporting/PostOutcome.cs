namespace SnsTelegram.Sdk.Reporting;

/// <summary>How a post attempt ended.</summary>
public enum PostOutcome
{
    /// <summary>Published.</summary>
    Succeeded,

    /// <summary>Failed.</summary>
    Failed,
}
