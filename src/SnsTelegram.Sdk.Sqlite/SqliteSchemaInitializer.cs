using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>Creates or upgrades the SQLite schema when the host starts, so a bad path or a newer file stops the app at start.</summary>
internal sealed class SqliteSchemaInitializer(IServiceProvider services) : RelationalSchemaInitializer<SqliteDatabase>(services);
