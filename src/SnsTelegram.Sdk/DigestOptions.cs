namespace SnsTelegram.Sdk;

/// <summary>Settings of digests and held messages (<c>SnsTelegram:Digest</c>).</summary>
public sealed class DigestOptions
{
    /// <summary>Whether this instance closes due digest windows (the hosted <c>DigestCloser</c>). Default true; windows are kept either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often due windows are looked for. Default 5 s; 100 ms to 5 min.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many posts a digest lists by name (the rest are counted: "and 12 more"). Default 10; 1 to 50.</summary>
    public int MaxListedPosts { get; set; } = 10;

    /// <summary>How long closed windows and their events are kept (so an edit of a digested post is recognised). Default 7 days; at least 1 hour.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
