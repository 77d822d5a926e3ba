using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Digest windows in SQLite (see <see cref="RelationalDigestStore"/>).</summary>
internal sealed class SqliteDigestStore(SqliteDatabase database) : RelationalDigestStore(database);
