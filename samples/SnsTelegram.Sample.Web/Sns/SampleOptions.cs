namespace SnsTelegram.Sample.Web.Sns;

/// <summary>Settings of the sample's mini SNS scheduler (configuration section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sample";

    /// <summary>The SQLite connection string of the sample's own tables; empty means the library's (<c>ConnectionStrings:SnsTelegram</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How often <c>sns_auto_post</c> runs, in seconds. Default: 300 (every 5 minutes, as in the original).</summary>
    public int AutoPostIntervalSeconds { get; set; } = 300;

    /// <summary>The share of posts the simulated publisher fails, 0 to 1. Default: 0.1.</summary>
    public double FailureRate { get; set; } = 0.1;

    /// <summary>Multiplies the simulated engagement figures (likes, comments, shares, views). Default: 1.</summary>
    public double EngagementScale { get; set; } = 1.0;

    /// <summary>How long a publisher holds a post in <c>publishing</c> before another run may take it over, in seconds. Default: 120.</summary>
    public int PublishLeaseSeconds { get; set; } = 120;

    /// <summary>How many times a post may be taken for publishing before it is marked failed. Default: 3.</summary>
    public int MaxPublishAttempts { get; set; } = 3;

    /// <summary>How many due posts one run takes at once. Default: 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The messages of invalid settings, naming each setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AutoPostIntervalSeconds < 1)
        {
            errors.Add("Sample:AutoPostIntervalSeconds must be at least 1.");
        }

        if (double.IsNaN(FailureRate) || FailureRate < 0 || FailureRate > 1)
        {
            errors.Add("Sample:FailureRate must be between 0 and 1.");
        }

        if (double.IsNaN(EngagementScale) || EngagementScale < 0 || EngagementScale > 1000)
        {
            errors.Add("Sample:EngagementScale must be between 0 and 1000.");
        }

        if (PublishLeaseSeconds < 1)
        {
            errors.Add("Sample:PublishLeaseSeconds must be at least 1.");
        }

        if (MaxPublishAttempts < 1)
        {
            errors.Add("Sample:MaxPublishAttempts must be at least 1.");
        }

        if (BatchSize is < 1 or > 1000)
        {
            errors.Add("Sample:BatchSize must be between 1 and 1000.");
        }

        return errors;
    }
}
