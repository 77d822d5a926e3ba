using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Issues and redeems link secrets: deep-link tokens for signed-in users (limited per user: a permit of
/// <see cref="UserLimiter.LinkAccount"/> is taken before a token is made, so parallel requests cannot pass the limit) and one-time codes
/// the bot shows in a chat. Tokens are single use, expire, and a newer one retires the owner's older ones (the store
/// does that in <see cref="ILinkTokenStore.AddAsync"/>).
/// </summary>
internal sealed class LinkTokenService(
    ILinkTokenStore store,
    UserLimiter limits,
    TimeProvider time,
    IOptionsMonitor<SnsTelegramOptions> options,
    LinkingMetrics metrics,
    ILogger<LinkTokenService> logger)
{
    public async ValueTask<LinkTokenIssueResult> IssueDeepLinkAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var settings = options.CurrentValue;
        var permit = await limits.TryTakeAsync(UserLimiter.LinkAccount, userId, settings.LinkTokenIssueLimit, settings.LinkTokenIssueWindow, cancellationToken).ConfigureAwait(false);
        if (!permit.Granted)
        {
            metrics.TokenRateLimited();
            Log.LinkTokenRateLimited(logger, settings.LinkTokenIssueLimit);
            return new LinkTokenIssueResult(null, permit.RetryAfter);
        }

        var now = time.GetUtcNow();
        var token = LinkSecrets.NewToken();
        var expiresAt = now + settings.LinkTokenLifetime;
        try
        {
            await store.AddAsync(
                new LinkTokenRecord
                {
                    TokenHash = LinkSecrets.Hash(token),
                    Kind = LinkTokenKind.DeepLink,
                    UserId = userId,
                    CreatedAt = now,
                    ExpiresAt = expiresAt,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // no token was issued, so the permit does not count
            await limits.ReturnAsync(permit.Permit!).ConfigureAwait(false);
            throw;
        }

        metrics.TokenIssued(LinkTokenKind.DeepLink);
        return new LinkTokenIssueResult(new IssuedLinkToken(token, expiresAt), TimeSpan.Zero);
    }

    /// <summary>Redeems a deep-link token from a <c>/start</c> payload.</summary>
    public ValueTask<LinkRedeemResult> RedeemDeepLinkAsync(string? token, CancellationToken cancellationToken) =>
        LinkSecrets.IsTokenShaped(token)
            ? RedeemAsync(LinkSecrets.Hash(token!), LinkTokenKind.DeepLink, cancellationToken)
            : ValueTask.FromResult(NotFound(LinkTokenKind.DeepLink));

    /// <summary>Creates a one-time code for a chat; a newer code retires the chat's older ones.</summary>
    public async ValueTask<IssuedLinkToken> IssueChatCodeAsync(long chatId, TelegramChatType chatType, string? language, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var code = LinkSecrets.NewCode();
        var expiresAt = now + options.CurrentValue.LinkCodeLifetime;
        await store.AddAsync(
            new LinkTokenRecord
            {
                TokenHash = LinkSecrets.Hash(code),
                Kind = LinkTokenKind.ChatCode,
                ChatId = chatId,
                ChatType = chatType,
                Language = language,
                CreatedAt = now,
                ExpiresAt = expiresAt,
            },
            cancellationToken).ConfigureAwait(false);
        metrics.TokenIssued(LinkTokenKind.ChatCode);
        return new IssuedLinkToken(code, expiresAt);
    }

    /// <summary>Redeems a code the user typed into the app (spaces, dashes and case do not matter).</summary>
    public ValueTask<LinkRedeemResult> RedeemChatCodeAsync(string? code, CancellationToken cancellationToken)
    {
        var normalized = LinkSecrets.NormalizeCode(code);
        return normalized is null
            ? ValueTask.FromResult(NotFound(LinkTokenKind.ChatCode))
            : RedeemAsync(LinkSecrets.Hash(normalized), LinkTokenKind.ChatCode, cancellationToken);
    }

    private async ValueTask<LinkRedeemResult> RedeemAsync(string hash, LinkTokenKind kind, CancellationToken cancellationToken)
    {
        var result = await store.ConsumeAsync(hash, kind, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var status = result.Status;

        // The store finds the record by hash; checking the hash again in constant time guards against stores whose
        // lookups are looser than byte equality, without giving away how much of it matched.
        if (result.Token is not null && (!LinkSecrets.HashEquals(hash, result.Token.TokenHash) || result.Token.Kind != kind))
        {
            status = LinkTokenConsumeStatus.NotFound;
        }

        metrics.TokenRedeemed(kind, status);
        if (status != LinkTokenConsumeStatus.Consumed)
        {
            Log.LinkTokenRefused(logger, kind, status);
        }

        return new LinkRedeemResult(status, status == LinkTokenConsumeStatus.NotFound ? null : result.Token);
    }

    private LinkRedeemResult NotFound(LinkTokenKind kind)
    {
        metrics.TokenRedeemed(kind, LinkTokenConsumeStatus.NotFound);
        Log.LinkTokenRefused(logger, kind, LinkTokenConsumeStatus.NotFound);
        return new LinkRedeemResult(LinkTokenConsumeStatus.NotFound, null);
    }
}
