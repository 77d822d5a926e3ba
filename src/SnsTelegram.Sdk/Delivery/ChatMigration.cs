using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The one place that follows a group that became a supergroup (a new chat id): its links move to the new id and say
/// <see cref="TelegramChatType.Supergroup"/>, its pending outbox messages are redirected there (keeping their order), and
/// the rate limiter forgets the old id. The bot calls it when an update carries <c>migrate_to_chat_id</c> or
/// <c>migrate_from_chat_id</c>; delivery when Telegram answers a send with <c>migrate_to_chat_id</c>. Moving twice (both
/// updates arrive, or an update and an answer) is harmless: the second move finds nothing left to move.
/// </summary>
/// <remarks>
/// Only a move Telegram can make is followed (<see cref="IsGroupToSupergroup"/>): from a basic group (a negative id above
/// −10¹²) to a supergroup (an id of the form −100…, below −10¹²), reported by the group itself (<c>migrate_to_chat_id</c>,
/// in a chat of type group) or by the supergroup (<c>migrate_from_chat_id</c>, in a chat of type supergroup). Private
/// chats and channels never migrate. Anything else is refused and logged (2030), so that a forged field cannot carry one
/// chat's links onto another chat.
/// </remarks>
internal sealed class ChatMigration(
    IChatLinkStore links,
    IOutboxStore outbox,
    DeliveryRateLimiter limiter,
    EventPublisher events,
    ILogger<ChatMigration> logger)
{
    /// <summary>Every supergroup id is −(10¹² + n) with n ≥ 1; every basic group id lies between this and zero.</summary>
    private const long SupergroupIdBound = -1_000_000_000_000;

    /// <summary>
    /// Follows <c>migrate_to_chat_id</c> seen in chat <paramref name="chatId"/> of type <paramref name="chatType"/>: in a
    /// message there, or in Telegram's answer to a send there. False (and logged) when the move is not one Telegram makes.
    /// </summary>
    public Task<bool> FollowMigrateToAsync(long chatId, TelegramChatType? chatType, long migrateToChatId, CancellationToken cancellationToken) =>
        FollowAsync(chatId, migrateToChatId, chatType, TelegramChatType.Group, "migrate_to_chat_id", cancellationToken);

    /// <summary>
    /// Follows <c>migrate_from_chat_id</c> seen in a message of chat <paramref name="chatId"/> of type
    /// <paramref name="chatType"/>. False (and logged) when the move is not one Telegram makes.
    /// </summary>
    public Task<bool> FollowMigrateFromAsync(long chatId, TelegramChatType? chatType, long migrateFromChatId, CancellationToken cancellationToken) =>
        FollowAsync(migrateFromChatId, chatId, chatType, TelegramChatType.Supergroup, "migrate_from_chat_id", cancellationToken);

    /// <summary>Whether <paramref name="fromChatId"/> is a basic group's id and <paramref name="toChatId"/> a supergroup's.</summary>
    public static bool IsGroupToSupergroup(long fromChatId, long toChatId) =>
        fromChatId is < 0 and > SupergroupIdBound && toChatId < SupergroupIdBound;

    private async Task<bool> FollowAsync(
        long fromChatId, long toChatId, TelegramChatType? seenInType, TelegramChatType expectedType, string field, CancellationToken cancellationToken)
    {
        if (!IsGroupToSupergroup(fromChatId, toChatId) || seenInType != expectedType)
        {
            Log.MigrationRefused(logger, fromChatId, toChatId, field, seenInType?.ToString() ?? "unknown");
            return false;
        }

        await MoveAsync(fromChatId, toChatId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task MoveAsync(long fromChatId, long toChatId, CancellationToken cancellationToken)
    {
        var moved = await links.MigrateChatAsync(fromChatId, toChatId, cancellationToken).ConfigureAwait(false);
        var messages = await outbox.RedirectChatAsync(fromChatId, toChatId, cancellationToken).ConfigureAwait(false);
        limiter.Forget(fromChatId);

        // The stores turn a group's links into a supergroup's; a link the new chat already had says so too.
        foreach (var link in await links.GetByChatAsync(toChatId, cancellationToken).ConfigureAwait(false))
        {
            if (link.ChatType != TelegramChatType.Supergroup)
            {
                await links.UpdateAsync(link with { ChatType = TelegramChatType.Supergroup }, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.ChatMigrated(logger, fromChatId, toChatId, moved, messages);
        if (moved > 0)
        {
            events.Chat(SnsTelegramEventTypes.LinkMigrated, toChatId, previousChatId: fromChatId);
        }
    }
}
