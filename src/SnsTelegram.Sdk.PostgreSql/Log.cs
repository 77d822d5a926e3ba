using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>The PostgreSQL provider's log messages (event ids 6100-6199; 6001 kept from before).</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "PostgreSQL schema {Schema} of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void PostgreSqlSchemaMigrated(ILogger logger, string schema, string dataSource, int fromVersion, int toVersion);
}
