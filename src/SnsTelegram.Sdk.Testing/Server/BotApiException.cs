namespace SnsTelegram.Sdk.Testing.Server;

/// <summary>A Bot API error answered in Telegram's envelope.</summary>
internal sealed class BotApiException(int errorCode, string description, int? retryAfter = null, long? migrateToChatId = null)
    : Exception(description)
{
    public int ErrorCode { get; } = errorCode;

    public int? RetryAfter { get; } = retryAfter;

    public long? MigrateToChatId { get; } = migrateToChatId;
}
