namespace SnsTelegram.Sdk.Storage;

/// <summary>The rules of redeeming a token (<see cref="ILinkTokenStore.ConsumeAsync"/>), shared by every provider.</summary>
public static class LinkTokenRules
{
    /// <summary>What redeeming <paramref name="token"/> at <paramref name="now"/> gives: used, retired, expired (at or after its expiry) or consumed.</summary>
    /// <param name="token">The stored token.</param>
    /// <param name="now">The time of the redeeming.</param>
    /// <returns>The status a store answers; a store that sees <see cref="LinkTokenConsumeStatus.Consumed"/> marks the token used.</returns>
    public static LinkTokenConsumeStatus StatusOf(LinkTokenRecord token, DateTimeOffset now) => (token ?? throw new ArgumentNullException(nameof(token))).State switch
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
    /// <param name="token">The token as the store holds it after its conditional update changed nothing, or null.</param>
    /// <param name="now">The time of the redeeming.</param>
    /// <returns>The answer of <see cref="ILinkTokenStore.ConsumeAsync"/>; never <see cref="LinkTokenConsumeStatus.Consumed"/>.</returns>
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
