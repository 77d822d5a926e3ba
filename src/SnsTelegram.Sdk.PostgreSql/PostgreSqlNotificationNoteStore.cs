using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>The activity log's notes (muted and digested notifications) in the PostgreSQL schema.</summary>
internal sealed class PostgreSqlNotificationNoteStore(PostgreSqlDatabase database) : RelationalNotificationNoteStore(database);
