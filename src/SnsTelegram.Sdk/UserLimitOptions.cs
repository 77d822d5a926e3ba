namespace SnsTelegram.Sdk;

/// <summary>One per-user limit: at most <see cref="PermitLimit"/> requests of a user in any <see cref="Window"/>.</summary>
public sealed class UserLimitOptions
{
    /// <summary>How many requests one user may make in any <see cref="Window"/>; 1 to 10,000.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The length of the sliding window; 1 second to 1 day.</summary>
    public TimeSpan Window { get; set; }
}
