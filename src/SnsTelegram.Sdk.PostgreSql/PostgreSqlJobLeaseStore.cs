using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Job occurrence leases in the PostgreSQL schema.</summary>
internal sealed class PostgreSqlJobLeaseStore(PostgreSqlDatabase database) : RelationalJobLeaseStore(database);
