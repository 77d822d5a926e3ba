namespace SnsTelegram.Sdk.Storage;

/// <summary>The kind of Telegram chat a user is linked to.</summary>
public enum TelegramChatType
{
    /// <summary>A one-to-one chat with the bot.</summary>
    Private,

    /// <summary>A basic group.</summary>
    Group,

    /// <summary>A supergroup.</summary>
    Supergroup,

    /// <summary>A channel.</summary>
    Channel,
}
