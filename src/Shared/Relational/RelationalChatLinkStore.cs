using System.Buffers;
using System.Text;
using System.Text.Json;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Chat links in a relational database. User ids compare as UTF-8 bytes (SQLite's BINARY collation, PostgreSQL's "C"),
/// that is code point order, which is ordinal order for every user id outside the rare U+E000..U+FFFF and
/// supplementary-plane mix. Linking holds a lock on the chat for its transaction, so links to one chat made at once
/// take turns and an exclusive link leaves exactly one user on the chat. Chat ids are stored encrypted and found by
/// their keyed hash (<see cref="ChatIdKeys"/>).
/// </summary>
internal abstract class RelationalChatLinkStore(RelationalDatabase database) : IChatLinkStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        var links = await ReadAsync(new RelationalCommand(_sql.ChatLinkByUser).Text("user", userId), cancellationToken).ConfigureAwait(false);
        return links.Count == 0 ? null : links[0];
    }

    /// <summary>The most user ids read in one query of <see cref="GetManyAsync"/>.</summary>
    internal const int UsersPerQuery = 1000;

    /// <summary>One query per <see cref="UsersPerQuery"/> distinct users, the ids given as one JSON array.</summary>
    public async ValueTask<IReadOnlyDictionary<string, ChatLink>> GetManyAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserIds(userIds);
        var links = new Dictionary<string, ChatLink>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(UsersPerQuery))
        {
            foreach (var link in await ReadAsync(new RelationalCommand(_sql.ChatLinksByUsers).Text("users", JsonArray(chunk)), cancellationToken).ConfigureAwait(false))
            {
                links[link.UserId] = link;
            }
        }

        return links;
    }

    public async ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default)
    {
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(new RelationalCommand(_sql.ChatLinksByChat).Text("chatHash", keys.Hash(chatId)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var upsert = Bind(new RelationalCommand(_sql.UpsertChatLink), link, keys);
        RelationalCommand[] commands = exclusiveChat
            ? [new RelationalCommand(_sql.RemoveOtherLinksOfChat).Text("chatHash", keys.Hash(link.ChatId)).Text("user", link.UserId), upsert]
            : [upsert];
        var removed = await database.WriteAsync(RowLock.OnChat("chat-link", link.ChatId), commands, static r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        removed.Sort(StringComparer.Ordinal);
        return removed;
    }

    public async ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        return await database.WriteAsync(Bind(new RelationalCommand(_sql.UpdateChatLink), link, keys), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        return await database.WriteAsync(new RelationalCommand(_sql.DeleteChatLink).Text("user", userId), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default)
    {
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        return await database.WriteAsync(
            new RelationalCommand(_sql.SetChatEnabled).Text("chatHash", keys.Hash(chatId)).Boolean("enabled", enabled).Text("reason", enabled ? null : disabledReason),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        return await database.WriteAsync(
            new RelationalCommand(_sql.MigrateChatLinks)
                .Text("fromHash", keys.Hash(fromChatId))
                .Text("to", keys.Protect(toChatId))
                .Text("toHash", keys.Hash(toChatId))
                .Integer("group", StoredValues.ChatType(TelegramChatType.Group))
                .Integer("supergroup", StoredValues.ChatType(TelegramChatType.Supergroup)),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        var command = afterUserId is null
            ? new RelationalCommand(_sql.ListEnabledFirst)
            : new RelationalCommand(_sql.ListEnabledAfter).Text("after", afterUserId);
        return await ReadAsync(command.Integer("limit", limit), cancellationToken).ConfigureAwait(false);
    }

    private static RelationalCommand Bind(RelationalCommand command, ChatLink link, ChatIdKeys keys) => command
        .Text("user", link.UserId)
        .Text("chat", keys.Protect(link.ChatId))
        .Text("chatHash", keys.Hash(link.ChatId))
        .Integer("type", StoredValues.ChatType(link.ChatType))
        .Boolean("enabled", link.Enabled)
        .Instant("linked", link.LinkedAt)
        .Text("reason", link.DisabledReason)
        .Text("language", link.Language)
        .Text("zone", link.TimeZone)
        .Bigint("report", link.DailyReportTime?.Ticks)
        .Text("muted", StoredJson.Serialize(link.MutedTypes))
        .Bigint("quietStart", link.QuietHours?.Start.Ticks)
        .Bigint("quietEnd", link.QuietHours?.End.Ticks)
        .Integer("quietMode", link.QuietHours?.Mode == QuietHoursMode.Hold ? 1 : 0)
        .Integer("quietDays", (int)(link.QuietHours?.Days ?? WeekDays.All))
        .Boolean("quietBypass", link.QuietHours?.UrgentBypass ?? false)
        .Integer("digestMinutes", link.DigestMinutes)
        .Text("digestTypes", link.DigestTypes is null ? null : StoredJson.Serialize(link.DigestTypes) ?? "[]")
        .Text("forumTopics", StoredJson.Serialize(link.ForumTopics));

    /// <summary>The strings as a JSON array (every character escaped as JSON requires).</summary>
    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async ValueTask<List<ChatLink>> ReadAsync(RelationalCommand command, CancellationToken cancellationToken)
    {
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var rows = await database.ReadAsync(command, r => StoredRows.ReadChatLink(r, keys), cancellationToken).ConfigureAwait(false);
        return await database.RevealAsync(rows, static (link, chatId) => link with { ChatId = chatId }, cancellationToken).ConfigureAwait(false);
    }
}
