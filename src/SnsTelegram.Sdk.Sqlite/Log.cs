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

    [LoggerMessage(6004, LogLevel.Information, "Encrypted the chat ids of {Rows} rows of {DataSource} (upgrade from plaintext)")]
    public static partial void ChatIdsEncrypted(ILogger logger, string dataSource, long rows);

    [LoggerMessage(6005, LogLevel.Warning, "Could not VACUUM {DataSource} after encrypting its chat ids; free pages may keep old plaintext until 'VACUUM' is run on the file")]
    public static partial void VacuumFailed(ILogger logger, string dataSource, Exception exception);

    [LoggerMessage(6006, LogLevel.Information, "Added chat-id data key {KeyId} to {DataSource}; it encrypts from now on")]
    public static partial void ChatIdKeyAdded(ILogger logger, string dataSource, int keyId);

    [LoggerMessage(6007, LogLevel.Information, "Re-encrypted the chat ids of {Rows} rows of {DataSource} under data key {KeyId}")]
    public static partial void ChatIdsReencrypted(ILogger logger, string dataSource, long rows, int keyId);
}
