using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Chat links in the SQLite file.</summary>
internal sealed class SqliteChatLinkStore(SqliteDatabase database) : RelationalChatLinkStore(database);
