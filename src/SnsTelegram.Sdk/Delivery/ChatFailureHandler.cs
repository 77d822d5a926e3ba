using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>What both the dispatcher and the direct sender do when Telegram says a chat is gone or has moved.</summary>
internal sealed class ChatFailureHandler(
    IChatLinkStore links,
    IOutboxStore outbox,
    DeliveryRateLimiter limiter,
    ILogger<ChatFailureHandler> logger)
{
    /// <summary>403 or chat not found: turn off every link to the chat.</summary>
    public async Task DisableChatAsync(long chatId, string reason, CancellationToken cancellationToken)
    {
        var changed = await links.SetEnabledForChatAsync(chatId, enabled: false, reason, cancellationToken).ConfigureAwait(false);
        Log.ChatDisabled(logger, chatId, reason, changed);
    }

    /// <summary>A group became a supergroup: move the links and the pending messages to the new id.</summary>
    public async Task MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken)
    {
        var moved = await links.MigrateChatAsync(fromChatId, toChatId, cancellationToken).ConfigureAwait(false);
        var messages = await outbox.RedirectChatAsync(fromChatId, toChatId, cancellationToken).ConfigureAwait(false);
        limiter.Forget(fromChatId);
        Log.ChatMigrated(logger, fromChatId, toChatId, moved, messages);
    }
}
