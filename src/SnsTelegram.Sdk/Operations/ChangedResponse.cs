namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of a resend or a discard: how many dead letters it changed.</summary>
internal sealed record ChangedResponse(int Resent, int Discarded);
