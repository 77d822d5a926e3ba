using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// Link tokens in PostgreSQL. Redeeming is one conditional UPDATE ... RETURNING, so of concurrent callers (threads or
/// instances) exactly one wins. Issuing takes an advisory lock on the owner (the user, or the chat of a chat code) for
/// its transaction, so tokens issued at once take turns and only the last one stays active.
/// </summary>
internal sealed class PostgreSqlLinkTokenStore : ILinkTokenStore
{
    private const int Active = StoredRows.TokenActive;
    private const int Used = StoredRows.TokenUsed;
    private const int Retired = StoredRows.TokenRetired;
    private const string Columns = StoredRows.LinkTokenColumns;

    private readonly PostgreSqlDatabase _database;
    private readonly int _userLockClass;
    private readonly int _chatLockClass;
    private readonly string _insertSql;
    private readonly string _retireForUserSql;
    private readonly string _retireForChatSql;
    private readonly string _consumeSql;
    private readonly string _findSql;
    private readonly string _countSql;
    private readonly string _purgeSql;

    public PostgreSqlLinkTokenStore(PostgreSqlDatabase database)
    {
        _database = database;
        _userLockClass = database.LockClass("link-token-user");
        _chatLockClass = database.LockClass("link-token-chat");
        _insertSql = database.Sql($"INSERT INTO {{schema}}.link_tokens ({Columns}) VALUES (@hash, @kind, @user, @chat, @type, @language, @created, @expires, {Active});");
        _retireForUserSql = database.Sql($"UPDATE {{schema}}.link_tokens SET state = {Retired} WHERE kind = 0 AND state = {Active} AND user_id = @user AND token_hash <> @hash;");
        _retireForChatSql = database.Sql($"UPDATE {{schema}}.link_tokens SET state = {Retired} WHERE kind = 1 AND state = {Active} AND chat_id = @chat AND token_hash <> @hash;");
        _consumeSql = database.Sql($"UPDATE {{schema}}.link_tokens SET state = {Used} WHERE token_hash = @hash AND kind = @kind AND state = {Active} AND expires_at > @now RETURNING {Columns};");
        _findSql = database.Sql($"SELECT {Columns} FROM {{schema}}.link_tokens WHERE token_hash = @hash AND kind = @kind;");
        _countSql = database.Sql("SELECT COUNT(*) FROM {schema}.link_tokens WHERE kind = 0 AND user_id = @user AND created_at >= @since;");
        // no index on expires_at: tokens live minutes and are purged regularly, so the table stays small and inserts stay cheap
        _purgeSql = database.Sql("DELETE FROM {schema}.link_tokens WHERE expires_at < @before;");
    }

    public async ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default)
    {
        StoreArguments.Token(token);
        var deepLink = token.Kind == LinkTokenKind.DeepLink;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = deepLink
            ? connection.LockedBatch(_userLockClass, StableHash.Of32(token.UserId!))
            : connection.LockedBatch(_chatLockClass, Pg.ChatKey(token.ChatId!.Value));

        var insert = new NpgsqlBatchCommand(_insertSql);
        insert.Parameters
            .Text("hash", token.TokenHash)
            .Integer("kind", StoredRows.TokenKind(token.Kind))
            .Text("user", token.UserId)
            .Bigint("chat", token.ChatId)
            .Integer("type", token.ChatType is { } type ? StoredValues.ChatType(type) : null)
            .Text("language", token.Language)
            .Bigint("created", StoredValues.Ticks(token.CreatedAt))
            .Bigint("expires", StoredValues.Ticks(token.ExpiresAt));
        batch.BatchCommands.Add(insert);

        var retire = new NpgsqlBatchCommand(deepLink ? _retireForUserSql : _retireForChatSql);
        if (deepLink)
        {
            retire.Parameters.Text("user", token.UserId);
        }
        else
        {
            retire.Parameters.Bigint("chat", token.ChatId);
        }

        retire.Parameters.Text("hash", token.TokenHash);
        batch.BatchCommands.Add(retire);
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (Pg.IsUniqueViolation(e))
        {
            throw new InvalidOperationException("A link token with the same hash is stored already.", e);
        }
    }

    public async ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // one statement: a concurrent caller waits for the row lock and then finds the token no longer active
        await using (var consume = new NpgsqlCommand(_consumeSql, connection))
        {
            consume.Parameters.Text("hash", tokenHash).Integer("kind", StoredRows.TokenKind(kind)).Bigint("now", StoredValues.Ticks(now));
            var consumed = await ReadOneAsync(consume, cancellationToken).ConfigureAwait(false);
            if (consumed is not null)
            {
                return new LinkTokenConsumeResult(LinkTokenConsumeStatus.Consumed, consumed with { State = LinkTokenState.Active });
            }
        }

        await using var find = new NpgsqlCommand(_findSql, connection);
        find.Parameters.Text("hash", tokenHash).Integer("kind", StoredRows.TokenKind(kind));
        return LinkTokenRules.Refused(await ReadOneAsync(find, cancellationToken).ConfigureAwait(false), now);
    }

    public async ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_countSql, connection);
        command.Parameters.Text("user", userId).Bigint("since", StoredValues.Ticks(since));
        return checked((int)(long)(await command.ScalarPreparedAsync(cancellationToken).ConfigureAwait(false))!);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_purgeSql, connection);
        command.Parameters.Bigint("before", StoredValues.Ticks(expiredBefore));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LinkTokenRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return StoredRows.ReadLinkToken(reader);
    }
}
