using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Processed update ids in the SQLite file; inserts go through the group commit, so a burst of webhook requests costs one commit.</summary>
internal sealed class SqliteProcessedUpdateStore(SqliteDatabase database) : RelationalProcessedUpdateStore(database);
