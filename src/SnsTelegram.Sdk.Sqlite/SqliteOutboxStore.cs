using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The outbox in the SQLite file; enqueue, lease and the marks go through the group commit, so concurrent callers share one transaction.</summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database) : RelationalOutboxStore(database);
