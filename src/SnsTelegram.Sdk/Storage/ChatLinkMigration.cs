namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// What a chat migration does to a link (<see cref="IChatLinkStore.MigrateChatAsync"/>): a group that migrates becomes a
/// supergroup with a new id.
/// </summary>
public static class ChatLinkMigration
{
    /// <summary>The link moved to <paramref name="toChatId"/>; a group link becomes a supergroup link, other kinds keep theirs.</summary>
    /// <param name="link">The link to the old chat.</param>
    /// <param name="toChatId">The new chat id.</param>
    /// <returns>The moved link.</returns>
    public static ChatLink Migrate(ChatLink link, long toChatId) => (link ?? throw new ArgumentNullException(nameof(link))) with
    {
        ChatId = toChatId,
        ChatType = link.ChatType == TelegramChatType.Group ? TelegramChatType.Supergroup : link.ChatType,
    };
}
