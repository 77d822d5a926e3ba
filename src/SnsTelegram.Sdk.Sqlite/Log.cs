using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The SQLite provider's log messages (event ids 6000-6099).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "SQLite schema of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void SqliteSchemaMigrated(ILogger logger, string dataSource, int fromVersion, int toVersion);
}
