using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>The PostgreSQL provider's log messages (event ids 6100-6199; 6001 kept from before).</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "PostgreSQL schema {Schema} of {DataSource} brought from version {FromVersion} to {ToVersion}")]
    public static partial void PostgreSqlSchemaMigrated(ILogger logger, string schema, string dataSource, int fromVersion, int toVersion);

    [LoggerMessage(6100, LogLevel.Information, "This instance sends for PostgreSQL schema {Schema} (it holds the dispatch lock)")]
    public static partial void DispatchLockTaken(ILogger logger, string schema);

    [LoggerMessage(6101, LogLevel.Information, "Another instance sends for PostgreSQL schema {Schema}; this one stands by")]
    public static partial void DispatchLockBusy(ILogger logger, string schema);

    [LoggerMessage(6102, LogLevel.Warning, "Could not try the dispatch lock of PostgreSQL schema {Schema}; trying again")]
    public static partial void DispatchLockFailed(ILogger logger, string schema, Exception exception);

    [LoggerMessage(6103, LogLevel.Warning, "The connection that holds the dispatch lock broke; this instance stops sending")]
    public static partial void DispatchLockLost(ILogger logger, Exception exception);

    [LoggerMessage(6104, LogLevel.Debug, "The server refused the dispatch lock connection's setting {Setting} ({Error}); a vanished holder may be noticed later")]
    public static partial void KeepAliveRefused(ILogger logger, string setting, string error);

    [LoggerMessage(6105, LogLevel.Information, "Encrypted the chat ids of {Rows} rows of PostgreSQL schema {Schema} of {DataSource} (upgrade from plaintext); run VACUUM FULL on its chat_links, link_tokens and outbox tables to rewrite the old row versions")]
    public static partial void ChatIdsEncrypted(ILogger logger, string schema, string dataSource, long rows);

    [LoggerMessage(6106, LogLevel.Information, "Added chat-id data key {KeyId} to PostgreSQL schema {Schema}; it encrypts from now on")]
    public static partial void ChatIdKeyAdded(ILogger logger, string schema, int keyId);

    [LoggerMessage(6107, LogLevel.Information, "Re-encrypted the chat ids of {Rows} rows of PostgreSQL schema {Schema} under data key {KeyId}")]
    public static partial void ChatIdsReencrypted(ILogger logger, string schema, long rows, int keyId);
}
