namespace SnsTelegram.Sdk;

/// <summary>What a link token is for.</summary>
public enum LinkTokenKind
{
    /// <summary>Issued to a signed-in user for a deep link; redeemed by <c>/start &lt;token&gt;</c> in a chat.</summary>
    DeepLink,

    /// <summary>Shown by the bot in a chat; redeemed by the signed-in user through <c>verify-link</c>.</summary>
    ChatCode,
}

/// <summary>The state of a stored link token.</summary>
public enum LinkTokenState
{
    /// <summary>Not used yet.</summary>
    Active,

    /// <summary>Redeemed once; never again.</summary>
    Used,

    /// <summary>Replaced by a newer token of the same owner.</summary>
    Retired,
}

/// <summary>A stored link token. Only a hash of the token is kept.</summary>
public sealed record LinkTokenRecord
{
    /// <summary>The token's hash (for example base64url of SHA-256); the token itself is never stored.</summary>
    public required string TokenHash { get; init; }

    /// <summary>What the token is for.</summary>
    public required LinkTokenKind Kind { get; init; }

    /// <summary>The user it was issued to (deep links).</summary>
    public string? UserId { get; init; }

    /// <summary>The chat it was shown in (chat codes).</summary>
    public long? ChatId { get; init; }

    /// <summary>The kind of that chat (chat codes).</summary>
    public TelegramChatType? ChatType { get; init; }

    /// <summary>The language of the Telegram user who asked for a chat code, when known.</summary>
    public string? Language { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops being valid.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Its state.</summary>
    public LinkTokenState State { get; init; } = LinkTokenState.Active;
}

/// <summary>The outcome of redeeming a token.</summary>
public enum LinkTokenConsumeStatus
{
    /// <summary>Redeemed now; the token is used.</summary>
    Consumed,

    /// <summary>No such token (or long purged).</summary>
    NotFound,

    /// <summary>Already redeemed.</summary>
    AlreadyUsed,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Replaced by a newer token.</summary>
    Retired,
}

/// <summary>The outcome of redeeming a token, with the token when it was found.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Token">The stored token (as it was before redeeming), or null when not found.</param>
public readonly record struct LinkTokenConsumeResult(LinkTokenConsumeStatus Status, LinkTokenRecord? Token);

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

/// <summary>Remembers which Telegram update ids were processed, so a redelivered update is handled once.</summary>
public interface IProcessedUpdateStore
{
    /// <summary>Records <paramref name="updateId"/>; true the first time, false when it was already recorded.</summary>
    ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Forgets ids recorded before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
