using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The one place that follows a group that became a supergroup (a new chat id): its links move to the new id and say
/// <see cref="TelegramChatType.Supergroup"/>, its pending outbox messages are redirected there (keeping their order), and
/// the rate limiter forgets the old id. The bot calls it when an update carries <c>migrate_to_chat_id</c> or
/// <c>migrate_from_chat_id</c>; delivery when Telegram answers a send with <c>migrate_to_chat_id</c>. Moving twice (both
/// updates arrive, or an update and an answer) is harmless: the second move finds nothing left to move.
/// </summary>
internal sealed class ChatMigration(
    IChatLinkStore links,
    IOutboxStore outbox,
    DeliveryRateLimiter limiter,
    ILogger<ChatMigration> logger)
{
    /// <summary>Moves the links, the pending messages and the limiter state of <paramref name="fromChatId"/> to <paramref name="toChatId"/>.</summary>
    public async Task MoveAsync(long fromChatId, long toChatId, CancellationToken cancellationToken)
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
    }
}
