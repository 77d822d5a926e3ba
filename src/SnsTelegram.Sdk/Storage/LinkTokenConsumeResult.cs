namespace SnsTelegram.Sdk.Storage;

/// <summary>The outcome of redeeming a token, with the token when it was found.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Token">The stored token (as it was before redeeming), or null when not found.</param>
public readonly record struct LinkTokenConsumeResult(LinkTokenConsumeStatus Status, LinkTokenRecord? Token);
