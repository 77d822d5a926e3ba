using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The SQLite provider's log messages (event ids 6000-6099).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "SQLite schema of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void SqliteSchemaMigrated(ILogger logger, string dataSource, int fromVersion, int toVersion);

    [LoggerMessage(6002, LogLevel.Information, "This process sends for the SQLite file (it holds {LockPath})")]
    public static partial void DispatchLockTaken(ILogger logger, string lockPath);

    [LoggerMessage(6003, LogLevel.Information, "Another process sends for the SQLite file (it holds {LockPath}); this one stands by")]
    public static partial void DispatchLockBusy(ILogger logger, string lockPath);
}
