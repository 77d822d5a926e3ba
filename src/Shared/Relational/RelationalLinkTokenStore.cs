using System.Data.Common;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Link tokens in a relational database. Redeeming is one conditional UPDATE ... RETURNING, so of concurrent callers
/// (threads, processes or instances) exactly one wins. Issuing holds a lock on the owner (the user, or the chat of a chat
/// code) for its transaction, so tokens issued at once take turns and only the last one stays active.
/// </summary>
internal abstract class RelationalLinkTokenStore(RelationalDatabase database) : ILinkTokenStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default)
    {
        StoreArguments.Token(token);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var chatHash = token.ChatId is { } chatId ? keys.Hash(chatId) : null;
        var insert = new RelationalCommand(_sql.InsertToken)
            .Text("hash", token.TokenHash)
            .Integer("kind", StoredRows.TokenKind(token.Kind))
            .Text("user", token.UserId)
            .Text("chat", token.ChatId is { } plain ? keys.Protect(plain) : null)
            .Text("chatHash", chatHash)
            .Integer("type", token.ChatType is { } type ? StoredValues.ChatType(type) : null)
            .Text("language", token.Language)
            .Instant("created", token.CreatedAt)
            .Instant("expires", token.ExpiresAt);
        var (owner, retire) = token.Kind == LinkTokenKind.DeepLink
            ? (RowLock.OnUser("link-token-user", token.UserId!), new RelationalCommand(_sql.RetireUserTokens).Text("user", token.UserId))
            : (RowLock.OnChat("link-token-chat", token.ChatId!.Value), new RelationalCommand(_sql.RetireChatTokens).Text("chatHash", chatHash));
        try
        {
            await database.WriteAsync(owner, [insert, retire.Text("hash", token.TokenHash)], cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            throw new InvalidOperationException("A link token with the same hash is stored already.", e);
        }
    }

    public async ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);

        // one statement: of concurrent callers exactly one moves the token from active to used
        var consume = new RelationalCommand(_sql.ConsumeToken).Text("hash", tokenHash).Integer("kind", StoredRows.TokenKind(kind)).Instant("now", now);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var consumed = await RevealAsync(await database.WriteAsync(consume, r => StoredRows.ReadLinkToken(r, keys), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (consumed.Count == 1)
        {
            return new LinkTokenConsumeResult(LinkTokenConsumeStatus.Consumed, consumed[0] with { State = LinkTokenState.Active });
        }

        var find = new RelationalCommand(_sql.FindToken).Text("hash", tokenHash).Integer("kind", StoredRows.TokenKind(kind));
        var found = await RevealAsync(await database.ReadAsync(find, r => StoredRows.ReadLinkToken(r, keys), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return LinkTokenRules.Refused(found.Count == 0 ? null : found[0], now);
    }

    public async ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        var count = new RelationalCommand(_sql.CountIssuedTokens).Text("user", userId).Instant("since", since);
        return checked((int)(await database.ReadAsync(count, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false))[0]);
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeTokens).Instant("before", expiredBefore), cancellationToken);

    private ValueTask<List<LinkTokenRecord>> RevealAsync(List<ChatIdRow<LinkTokenRecord>> rows, CancellationToken cancellationToken) =>
        database.RevealAsync(rows, static (token, chatId) => token with { ChatId = chatId }, cancellationToken);
}
