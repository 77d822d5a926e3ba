using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Link tokens in SQLite. Redeeming is one conditional UPDATE, so of concurrent callers (threads or processes) exactly one wins.</summary>
internal sealed class SqliteLinkTokenStore(SqliteDatabase database) : ILinkTokenStore
{
    private const int Active = StoredRows.TokenActive;
    private const int Used = StoredRows.TokenUsed;
    private const int Retired = StoredRows.TokenRetired;
    private const string Columns = StoredRows.LinkTokenColumns;

    public async ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default)
    {
        StoreArguments.Token(token);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        session.BeginImmediate();
        var insert = session.Command($"INSERT INTO link_tokens ({Columns}) VALUES ($hash, $kind, $user, $chat, $type, $language, $created, $expires, {Active});")
            .With("$hash", token.TokenHash)
            .With("$kind", StoredRows.TokenKind(token.Kind))
            .With("$user", token.UserId)
            .With("$chat", token.ChatId)
            .With("$type", token.ChatType is { } type ? StoredValues.ChatType(type) : null)
            .With("$language", token.Language)
            .With("$created", StoredValues.Ticks(token.CreatedAt))
            .With("$expires", StoredValues.Ticks(token.ExpiresAt));
        {
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (Sql.IsUniqueViolation(e))
            {
                throw new InvalidOperationException("A link token with the same hash is stored already.", e);
            }
        }

        var retire = token.Kind == LinkTokenKind.DeepLink
            ? session.Command($"UPDATE link_tokens SET state = {Retired} WHERE kind = 0 AND state = {Active} AND user_id = $user AND token_hash <> $hash;").With("$user", token.UserId)
            : session.Command($"UPDATE link_tokens SET state = {Retired} WHERE kind = 1 AND state = {Active} AND chat_id = $chat AND token_hash <> $hash;").With("$chat", token.ChatId);
        retire.With("$hash", token.TokenHash);
        {
            await retire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        session.Commit();
    }

    public async ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);

        // one statement: SQLite runs it under the write lock, so exactly one caller moves the token from active to used
        var consume = session.Command($"UPDATE link_tokens SET state = {Used} WHERE token_hash = $hash AND kind = $kind AND state = {Active} AND expires_at > $now RETURNING {Columns};")
            .With("$hash", tokenHash)
            .With("$kind", StoredRows.TokenKind(kind))
            .With("$now", StoredValues.Ticks(now));
        {
            var consumed = await ReadOneAsync(consume, cancellationToken).ConfigureAwait(false);
            if (consumed is not null)
            {
                return new LinkTokenConsumeResult(LinkTokenConsumeStatus.Consumed, consumed with { State = LinkTokenState.Active });
            }
        }

        var find = session.Command($"SELECT {Columns} FROM link_tokens WHERE token_hash = $hash AND kind = $kind;")
            .With("$hash", tokenHash)
            .With("$kind", StoredRows.TokenKind(kind));
        return LinkTokenRules.Refused(await ReadOneAsync(find, cancellationToken).ConfigureAwait(false), now);
    }

    public async ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("SELECT COUNT(*) FROM link_tokens WHERE kind = 0 AND user_id = $user AND created_at >= $since;")
            .With("$user", userId)
            .With("$since", StoredValues.Ticks(since));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        // no index on expires_at: tokens live minutes and are purged regularly, so the table stays small and inserts stay cheap
        var command = session.Command("DELETE FROM link_tokens WHERE expires_at < $before;").With("$before", StoredValues.Ticks(expiredBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LinkTokenRecord?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return StoredRows.ReadLinkToken(reader);
    }
}
