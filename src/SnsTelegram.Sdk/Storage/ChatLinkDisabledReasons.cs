namespace SnsTelegram.Sdk.Storage;

/// <summary>Why a link was turned off.</summary>
public static class ChatLinkDisabledReasons
{
    /// <summary>The user sent <c>/stop</c> or pressed a "turn off" button.</summary>
    public const string StoppedByUser = "stopped_by_user";

    /// <summary>The user blocked the bot, or the bot was removed from the group.</summary>
    public const string BotBlocked = "bot_blocked";

    /// <summary>Telegram no longer knows the chat.</summary>
    public const string ChatNotFound = "chat_not_found";

    /// <summary>The user's Telegram account was deactivated.</summary>
    public const string UserDeactivated = "user_deactivated";
}
