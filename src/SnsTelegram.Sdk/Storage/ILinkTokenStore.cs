namespace SnsTelegram.Sdk.Storage;

/// <summary>Stores link tokens and one-time chat codes.</summary>
public interface ILinkTokenStore
{
    /// <summary>
    /// Stores a new active token and retires the owner's older active tokens of the same kind
    /// (the owner is <see cref="LinkTokenRecord.UserId"/> for deep links, <see cref="LinkTokenRecord.ChatId"/> for chat codes).
    /// </summary>
    ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Redeems a token of <paramref name="kind"/> atomically: of any number of concurrent callers with the same hash,
    /// exactly one gets <see cref="LinkTokenConsumeStatus.Consumed"/>.
    /// </summary>
    ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>How many deep-link tokens the user was issued at or after <paramref name="since"/> (for the issuance rate limit).</summary>
    ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Deletes tokens that expired before <paramref name="expiredBefore"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default);
}
