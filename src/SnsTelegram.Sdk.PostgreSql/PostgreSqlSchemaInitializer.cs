using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Creates or upgrades the PostgreSQL schema when the host starts, so an unreachable server or a newer schema stops the app at start.</summary>
internal sealed class PostgreSqlSchemaInitializer(IServiceProvider services) : RelationalSchemaInitializer<PostgreSqlDatabase>(services);
