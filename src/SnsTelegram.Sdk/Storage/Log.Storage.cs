using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk;

/// <summary>Storage log messages (event ids 6000-6999).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "SQLite schema of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void SqliteSchemaMigrated(ILogger logger, string dataSource, int fromVersion, int toVersion);

    [LoggerMessage(6001, LogLevel.Information, "PostgreSQL schema {Schema} of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void PostgreSqlSchemaMigrated(ILogger logger, string schema, string dataSource, int fromVersion, int toVersion);
}
