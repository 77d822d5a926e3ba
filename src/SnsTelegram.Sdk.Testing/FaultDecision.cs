namespace SnsTelegram.Sdk.Testing;

internal readonly record struct FaultDecision(FaultKind Kind, int StatusCode, TimeSpan Delay, int RetryAfter)
{
    /// <summary>For <see cref="FaultKind.Migrated"/>: the chat id the answer names.</summary>
    public long MigrateToChatId { get; init; }
}
