namespace SnsTelegram.Sdk.Linking;

/// <summary>A deep-link token just issued; <see cref="Token"/> is shown once and never stored.</summary>
internal sealed record IssuedLinkToken(string Token, DateTimeOffset ExpiresAt);
