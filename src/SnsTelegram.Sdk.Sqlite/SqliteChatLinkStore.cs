using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// Chat links in SQLite. User ids are compared by SQLite's BINARY collation (UTF-8 bytes, that is code point
/// order), which is ordinal order for every user id outside the rare U+E000..U+FFFF and supplementary-plane mix.
/// </summary>
internal sealed class SqliteChatLinkStore(SqliteDatabase database) : IChatLinkStore
{
    private const string Columns = StoredRows.ChatLinkColumns;

    public async ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {Columns} FROM chat_links WHERE user_id = $user;").With("$user", userId);
        var links = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return links.Count == 0 ? null : links[0];
    }

    public async ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {Columns} FROM chat_links WHERE chat_id = $chat ORDER BY user_id;").With("$chat", chatId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        session.BeginImmediate();
        var removed = new List<string>();
        if (exclusiveChat)
        {
            var delete = session.Command("DELETE FROM chat_links WHERE chat_id = $chat AND user_id <> $user RETURNING user_id;")
                .With("$chat", link.ChatId)
                .With("$user", link.UserId);
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed.Add(reader.GetString(0));
            }
        }

        var upsert = Bind(session.Command($"INSERT OR REPLACE INTO chat_links ({Columns}) VALUES ($user, $chat, $type, $enabled, $linked, $reason, $language, $zone, $report, $muted, $quietStart, $quietEnd);"), link);
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        session.Commit();
        removed.Sort(StringComparer.Ordinal);
        return removed;
    }

    public async ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Bind(session.Command(
            """
            UPDATE chat_links SET chat_id = $chat, chat_type = $type, enabled = $enabled, linked_at = $linked, disabled_reason = $reason,
                language = $language, time_zone = $zone, daily_report_time = $report, muted_types = $muted, quiet_start = $quietStart, quiet_end = $quietEnd
            WHERE user_id = $user;
            """), link);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command("DELETE FROM chat_links WHERE user_id = $user;").With("$user", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            """
            UPDATE chat_links SET enabled = $enabled, disabled_reason = $reason
            WHERE chat_id = $chat AND (enabled <> $enabled OR disabled_reason IS NOT $reason);
            """)
            .With("$chat", chatId)
            .With("$enabled", enabled ? 1 : 0)
            .With("$reason", enabled ? null : disabledReason);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            """
            UPDATE chat_links SET chat_id = $to, chat_type = CASE WHEN chat_type = $group THEN $supergroup ELSE chat_type END
            WHERE chat_id = $from;
            """)
            .With("$from", fromChatId)
            .With("$to", toChatId)
            .With("$group", StoredValues.ChatType(TelegramChatType.Group))
            .With("$supergroup", StoredValues.ChatType(TelegramChatType.Supergroup));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = afterUserId is null
            ? session.Command($"SELECT {Columns} FROM chat_links WHERE enabled = 1 ORDER BY user_id LIMIT $limit;")
            : session.Command($"SELECT {Columns} FROM chat_links WHERE enabled = 1 AND user_id > $after ORDER BY user_id LIMIT $limit;").With("$after", afterUserId);
        command.With("$limit", limit);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Bind(SqliteCommand command, ChatLink link) => command
        .With("$user", link.UserId)
        .With("$chat", link.ChatId)
        .With("$type", StoredValues.ChatType(link.ChatType))
        .With("$enabled", link.Enabled ? 1 : 0)
        .With("$linked", StoredValues.Ticks(link.LinkedAt))
        .With("$reason", link.DisabledReason)
        .With("$language", link.Language)
        .With("$zone", link.TimeZone)
        .With("$report", link.DailyReportTime?.Ticks)
        .With("$muted", StoredJson.Serialize(link.MutedTypes))
        .With("$quietStart", link.QuietHours?.Start.Ticks)
        .With("$quietEnd", link.QuietHours?.End.Ticks);

    private static async Task<List<ChatLink>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var links = new List<ChatLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add(StoredRows.ReadChatLink(reader));
        }

        return links;
    }
}
