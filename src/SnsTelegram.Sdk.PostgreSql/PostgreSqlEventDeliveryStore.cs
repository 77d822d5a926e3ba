using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>The queue of events for the app's webhook in PostgreSQL, shared by every instance: each event is leased by one.</summary>
internal sealed class PostgreSqlEventDeliveryStore(PostgreSqlDatabase database) : RelationalEventDeliveryStore(database);
