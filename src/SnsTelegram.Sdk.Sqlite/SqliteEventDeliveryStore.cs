using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The queue of events for the app's webhook in the SQLite file.</summary>
internal sealed class SqliteEventDeliveryStore(SqliteDatabase database) : RelationalEventDeliveryStore(database);
