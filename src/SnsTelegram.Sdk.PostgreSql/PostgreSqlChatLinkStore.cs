using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// Chat links in PostgreSQL. User ids compare in the "C" collation (UTF-8 bytes, that is code point order), which is
/// ordinal order for every user id outside the rare U+E000..U+FFFF and supplementary-plane mix. Linking takes an
/// advisory lock on the chat for its transaction, so links to one chat made by several instances at once take turns
/// and an exclusive link leaves exactly one user on the chat.
/// </summary>
internal sealed class PostgreSqlChatLinkStore : IChatLinkStore
{
    private const string Columns = StoredRows.ChatLinkColumns;

    private readonly PostgreSqlDatabase _database;
    private readonly int _lockClass;
    private readonly string _getSql;
    private readonly string _getByChatSql;
    private readonly string _removeOthersSql;
    private readonly string _upsertSql;
    private readonly string _updateSql;
    private readonly string _unlinkSql;
    private readonly string _setEnabledSql;
    private readonly string _migrateSql;
    private readonly string _listFirstSql;
    private readonly string _listAfterSql;

    public PostgreSqlChatLinkStore(PostgreSqlDatabase database)
    {
        _database = database;
        _lockClass = database.LockClass("chat-link");
        _getSql = database.Sql($"SELECT {Columns} FROM {{schema}}.chat_links WHERE user_id = @user;");
        _getByChatSql = database.Sql($"SELECT {Columns} FROM {{schema}}.chat_links WHERE chat_id = @chat ORDER BY user_id;");
        _removeOthersSql = database.Sql("DELETE FROM {schema}.chat_links WHERE chat_id = @chat AND user_id <> @user RETURNING user_id;");
        _upsertSql = database.Sql(
            $$"""
            INSERT INTO {schema}.chat_links ({{Columns}})
            VALUES (@user, @chat, @type, @enabled, @linked, @reason, @language, @zone, @report, @muted, @quietStart, @quietEnd)
            ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id, chat_type = excluded.chat_type, enabled = excluded.enabled,
                linked_at = excluded.linked_at, disabled_reason = excluded.disabled_reason, language = excluded.language,
                time_zone = excluded.time_zone, daily_report_time = excluded.daily_report_time, muted_types = excluded.muted_types,
                quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end;
            """);
        _updateSql = database.Sql(
            """
            UPDATE {schema}.chat_links SET chat_id = @chat, chat_type = @type, enabled = @enabled, linked_at = @linked, disabled_reason = @reason,
                language = @language, time_zone = @zone, daily_report_time = @report, muted_types = @muted, quiet_start = @quietStart, quiet_end = @quietEnd
            WHERE user_id = @user;
            """);
        _unlinkSql = database.Sql("DELETE FROM {schema}.chat_links WHERE user_id = @user;");
        _setEnabledSql = database.Sql(
            """
            UPDATE {schema}.chat_links SET enabled = @enabled, disabled_reason = @reason
            WHERE chat_id = @chat AND (enabled <> @enabled OR disabled_reason IS DISTINCT FROM @reason);
            """);
        _migrateSql = database.Sql(
            """
            UPDATE {schema}.chat_links SET chat_id = @to, chat_type = CASE WHEN chat_type = @group THEN @supergroup ELSE chat_type END
            WHERE chat_id = @from;
            """);
        _listFirstSql = database.Sql($"SELECT {Columns} FROM {{schema}}.chat_links WHERE enabled ORDER BY user_id LIMIT @limit;");
        _listAfterSql = database.Sql($"SELECT {Columns} FROM {{schema}}.chat_links WHERE enabled AND user_id > @after ORDER BY user_id LIMIT @limit;");
    }

    public async ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_getSql, connection);
        command.Parameters.Text("user", userId);
        var links = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return links.Count == 0 ? null : links[0];
    }

    public async ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_getByChatSql, connection);
        command.Parameters.Bigint("chat", chatId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // one batch, one implicit transaction: the chat's lock, the removal of other users, the upsert
        await using var batch = connection.LockedBatch(_lockClass, Pg.ChatKey(link.ChatId));
        if (exclusiveChat)
        {
            var remove = new NpgsqlBatchCommand(_removeOthersSql);
            remove.Parameters.Bigint("chat", link.ChatId).Text("user", link.UserId);
            batch.BatchCommands.Add(remove);
        }

        var upsert = new NpgsqlBatchCommand(_upsertSql);
        Bind(upsert.Parameters, link);
        batch.BatchCommands.Add(upsert);
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var removed = new List<string>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            // the first result is the lock's row
            if (exclusiveChat && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    removed.Add(reader.GetString(0));
                }
            }

            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }

        removed.Sort(StringComparer.Ordinal);
        return removed;
    }

    public async ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_updateSql, connection);
        Bind(command.Parameters, link);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_unlinkSql, connection);
        command.Parameters.Text("user", userId);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_setEnabledSql, connection);
        command.Parameters.Bigint("chat", chatId).Boolean("enabled", enabled).Text("reason", enabled ? null : disabledReason);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_migrateSql, connection);
        command.Parameters
            .Bigint("from", fromChatId)
            .Bigint("to", toChatId)
            .Integer("group", StoredValues.ChatType(TelegramChatType.Group))
            .Integer("supergroup", StoredValues.ChatType(TelegramChatType.Supergroup));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(afterUserId is null ? _listFirstSql : _listAfterSql, connection);
        if (afterUserId is not null)
        {
            command.Parameters.Text("after", afterUserId);
        }

        command.Parameters.Integer("limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(NpgsqlParameterCollection parameters, ChatLink link) => parameters
        .Text("user", link.UserId)
        .Bigint("chat", link.ChatId)
        .Integer("type", StoredValues.ChatType(link.ChatType))
        .Boolean("enabled", link.Enabled)
        .Bigint("linked", StoredValues.Ticks(link.LinkedAt))
        .Text("reason", link.DisabledReason)
        .Text("language", link.Language)
        .Text("zone", link.TimeZone)
        .Bigint("report", link.DailyReportTime?.Ticks)
        .Text("muted", StoredJson.Serialize(link.MutedTypes))
        .Bigint("quietStart", link.QuietHours?.Start.Ticks)
        .Bigint("quietEnd", link.QuietHours?.End.Ticks);

    private static async Task<List<ChatLink>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var links = new List<ChatLink>();
        await using var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add(StoredRows.ReadChatLink(reader));
        }

        return links;
    }
}
