using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Digest windows in PostgreSQL (see <see cref="RelationalDigestStore"/>).</summary>
internal sealed class PostgreSqlDigestStore(PostgreSqlDatabase database) : RelationalDigestStore(database);
