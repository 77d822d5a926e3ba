using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Per-user limits in the SQLite file, shared by every instance that uses it.</summary>
internal sealed class SqliteRateLimitStore(SqliteDatabase database) : RelationalRateLimitStore(database);
