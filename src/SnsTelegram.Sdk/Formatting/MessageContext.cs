namespace SnsTelegram.Sdk.Formatting;

/// <summary>The reader of a message: their language and time zone.</summary>
/// <param name="Language">The language code, <c>ko</c> or <c>en</c>.</param>
/// <param name="TimeZone">The zone times are shown in.</param>
public sealed record MessageContext(string Language, TimeZoneInfo TimeZone)
{
    /// <summary>Whether a failed post's message may offer a "Retry" button (an <see cref="IPostRetryHandler"/> is registered).</summary>
    public bool CanRetry { get; init; }
}
