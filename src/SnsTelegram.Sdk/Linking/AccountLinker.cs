using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Saves a user's link to a chat. Both linking paths (deep link and chat code) end here. The user's settings
/// (language, time zone, report time, muted types, quiet hours) survive a move to another chat. A private chat serves
/// one account: linking it to another account moves it. A group may serve several accounts (a team).
/// </summary>
internal sealed class AccountLinker(IChatLinkStore links, EventPublisher events, TimeProvider time, LinkingMetrics metrics, ILogger<AccountLinker> logger)
{
    /// <summary>
    /// Links <paramref name="userId"/> to <paramref name="chatId"/>; with <paramref name="forum"/> (a forum supergroup) the
    /// link carries the forum's topic map (<see cref="ChatLink.ForumTopics"/>), shared with the chat's other links.
    /// </summary>
    public async ValueTask<LinkOutcome> LinkAsync(string userId, long chatId, TelegramChatType chatType, string? language, string via, CancellationToken cancellationToken, bool forum = false)
    {
        var existing = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, int>? topics = null;
        if (forum)
        {
            // the topics the bot already made in this forum, for another account, serve this one too
            var others = await links.GetByChatAsync(chatId, cancellationToken).ConfigureAwait(false);
            topics = others.Select(l => l.ForumTopics).FirstOrDefault(t => t is not null) ?? new Dictionary<string, int>(StringComparer.Ordinal);
        }

        // every setting of the user's earlier link moves with them (language, zone, report time, muted types, quiet hours,
        // digest, and whatever a link gains later); only the chat and its state are new
        var fresh = new ChatLink { UserId = userId, ChatId = chatId, LinkedAt = time.GetUtcNow() };
        var link = (existing ?? fresh) with
        {
            ChatId = chatId,
            ChatType = chatType,
            Enabled = true,
            DisabledReason = null,
            LinkedAt = existing is not null && existing.ChatId == chatId ? existing.LinkedAt : fresh.LinkedAt,
            Language = language ?? existing?.Language,
            ForumTopics = topics,
        };
        var moved = await links.LinkAsync(link, exclusiveChat: chatType == TelegramChatType.Private, cancellationToken).ConfigureAwait(false);
        metrics.LinkCreated(via, chatType);
        Log.AccountLinked(logger, chatType, via, moved.Count);
        if (existing is not null && existing.ChatId != chatId)
        {
            events.Link(SnsTelegramEventTypes.LinkRemoved, userId, existing.ChatId, "linked_elsewhere");
        }

        events.Link(SnsTelegramEventTypes.LinkCreated, userId, chatId, via);
        foreach (var other in moved)
        {
            events.Link(SnsTelegramEventTypes.LinkRemoved, other, chatId, "chat_linked_to_another_account");
        }
        return new LinkOutcome(link, moved);
    }

    /// <summary>Turns the chat's links on again after <c>/stop</c> or a block.</summary>
    public async ValueTask<int> ReenableChatAsync(long chatId, CancellationToken cancellationToken)
    {
        var changed = await links.SetEnabledForChatAsync(chatId, true, null, cancellationToken).ConfigureAwait(false);
        if (changed > 0)
        {
            Log.LinksTurnedOnFromChat(logger, changed);
        }

        return changed;
    }
}
