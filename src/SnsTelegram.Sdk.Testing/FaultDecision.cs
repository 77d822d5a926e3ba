namespace SnsTelegram.Sdk.Testing;

internal readonly record struct FaultDecision(FaultKind Kind, int StatusCode, TimeSpan Delay, int RetryAfter);
