namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Whether Telegram refused this process's bot token (401 Unauthorized) on its latest answer to a send, and since when.
/// Set by the <see cref="SendPipeline"/>; read by the delivery health check, so a revoked token is told apart from an
/// outage.
/// </summary>
internal sealed class BotTokenState
{
    private long _rejectedSinceTicks;

    /// <summary>When Telegram began refusing the token, or null when its latest answer took the token.</summary>
    public DateTimeOffset? RejectedSince => Interlocked.Read(ref _rejectedSinceTicks) is var ticks and not 0
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    /// <summary>Telegram answered 401 at <paramref name="at"/>; the first of a run is kept.</summary>
    /// <returns>True when this is the first refusal since the token last worked.</returns>
    public bool Rejected(DateTimeOffset at) => Interlocked.CompareExchange(ref _rejectedSinceTicks, at.UtcTicks, 0) == 0;

    /// <summary>Telegram accepted the token.</summary>
    public void Accepted() => Interlocked.Exchange(ref _rejectedSinceTicks, 0);
}
