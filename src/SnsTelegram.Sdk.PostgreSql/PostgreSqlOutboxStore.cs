using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>The outbox in the PostgreSQL schema, shared by every instance: leased FOR UPDATE SKIP LOCKED, so workers never wait for each other.</summary>
internal sealed class PostgreSqlOutboxStore(PostgreSqlDatabase database) : RelationalOutboxStore(database);
