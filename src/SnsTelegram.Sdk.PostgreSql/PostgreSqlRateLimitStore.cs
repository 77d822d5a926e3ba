using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Per-user limits in the PostgreSQL schema, shared by every instance that uses it.</summary>
internal sealed class PostgreSqlRateLimitStore(PostgreSqlDatabase database) : RelationalRateLimitStore(database);
