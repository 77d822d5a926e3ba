using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Chat links in the PostgreSQL schema.</summary>
internal sealed class PostgreSqlChatLinkStore(PostgreSqlDatabase database) : RelationalChatLinkStore(database);
