using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Job occurrence leases in the SQLite file.</summary>
internal sealed class SqliteJobLeaseStore(SqliteDatabase database) : RelationalJobLeaseStore(database);
