namespace SnsTelegram.Sdk.Storage;

/// <summary>What a chat migration does to a link: a group that migrates becomes a supergroup with a new id.</summary>
internal static class ChatLinkMigration
{
    public static ChatLink Migrate(ChatLink link, long toChatId) => link with
    {
        ChatId = toChatId,
        ChatType = link.ChatType == TelegramChatType.Group ? TelegramChatType.Supergroup : link.ChatType,
    };
}
