namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// An update the bot received but could not read (its JSON does not fit Telegram's update type) or could not handle (a
/// handler failed on it), kept for inspection instead of being refused: Telegram would deliver a refused update again
/// for a day and hold later updates back meanwhile.
/// </summary>
/// <param name="UpdateId">The <c>update_id</c>, when it could be read.</param>
/// <param name="Source">How it arrived: <c>webhook</c> or <c>polling</c>.</param>
/// <param name="Reason">Why it was kept: <c>unreadable</c> or <c>handler_failed</c>, a colon and the error's description (never a token).</param>
/// <param name="Body">The update as received, cut at <see cref="MaxBodyLength"/> characters.</param>
/// <param name="Truncated">Whether <paramref name="Body"/> was cut.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record UnreadableUpdate(long? UpdateId, string Source, string Reason, string Body, bool Truncated, DateTimeOffset ReceivedAt)
{
    /// <summary>The longest body kept, in characters (Telegram's updates are far smaller; the webhook accepts up to 1 MB).</summary>
    public const int MaxBodyLength = 64 * 1024;

    /// <summary>The longest reason kept, in characters.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>The longest source name, in characters.</summary>
    public const int MaxSourceLength = 32;
}
