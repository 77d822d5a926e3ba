using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Link tokens in the SQLite file.</summary>
internal sealed class SqliteLinkTokenStore(SqliteDatabase database) : RelationalLinkTokenStore(database);
