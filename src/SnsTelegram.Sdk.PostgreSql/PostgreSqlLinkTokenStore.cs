using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Link tokens in the PostgreSQL schema.</summary>
internal sealed class PostgreSqlLinkTokenStore(PostgreSqlDatabase database) : RelationalLinkTokenStore(database);
