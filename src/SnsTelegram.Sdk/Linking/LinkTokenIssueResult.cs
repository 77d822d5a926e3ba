namespace SnsTelegram.Sdk.Linking;

/// <summary>The outcome of asking for a deep-link token.</summary>
internal readonly record struct LinkTokenIssueResult(IssuedLinkToken? Issued, TimeSpan RetryAfter)
{
    public bool IsRateLimited => Issued is null;
}
