namespace SnsTelegram.Sdk.Storage;

/// <summary>The rules of redeeming a token, shared by every provider.</summary>
internal static class LinkTokenRules
{
    /// <summary>What redeeming <paramref name="token"/> at <paramref name="now"/> gives: used, retired, expired (at or after its expiry) or consumed.</summary>
    public static LinkTokenConsumeStatus StatusOf(LinkTokenRecord token, DateTimeOffset now) => token.State switch
    {
        LinkTokenState.Used => LinkTokenConsumeStatus.AlreadyUsed,
        LinkTokenState.Retired => LinkTokenConsumeStatus.Retired,
        _ when now >= token.ExpiresAt => LinkTokenConsumeStatus.Expired,
        _ => LinkTokenConsumeStatus.Consumed,
    };

    /// <summary>
    /// The answer of a database store whose one-statement consume changed nothing, from the token as it now is
    /// (<paramref name="token"/>, null when there is none): not found, or why it could not be consumed. A token that
    /// looks consumable was consumed by another caller in the meantime, so it is already used.
    /// </summary>
    public static LinkTokenConsumeResult Refused(LinkTokenRecord? token, DateTimeOffset now)
    {
        if (token is null)
        {
            return new LinkTokenConsumeResult(LinkTokenConsumeStatus.NotFound, null);
        }

        var status = StatusOf(token, now);
        return new LinkTokenConsumeResult(status == LinkTokenConsumeStatus.Consumed ? LinkTokenConsumeStatus.AlreadyUsed : status, token);
    }
}
