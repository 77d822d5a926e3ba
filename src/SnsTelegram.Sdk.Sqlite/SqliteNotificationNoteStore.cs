using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The activity log's notes (muted and digested notifications) in the SQLite file.</summary>
internal sealed class SqliteNotificationNoteStore(SqliteDatabase database) : RelationalNotificationNoteStore(database);
