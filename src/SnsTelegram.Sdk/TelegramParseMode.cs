namespace SnsTelegram.Sdk;

/// <summary>How Telegram reads a message's text.</summary>
public enum TelegramParseMode
{
    /// <summary>Telegram's HTML subset.</summary>
    Html,

    /// <summary>Plain text.</summary>
    None,
}
