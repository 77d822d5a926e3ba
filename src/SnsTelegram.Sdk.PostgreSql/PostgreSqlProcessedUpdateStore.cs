using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Processed update ids in the PostgreSQL schema, shared by every instance.</summary>
internal sealed class PostgreSqlProcessedUpdateStore(PostgreSqlDatabase database) : RelationalProcessedUpdateStore(database);
