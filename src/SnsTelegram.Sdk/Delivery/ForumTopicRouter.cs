using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Chooses the topic of a forum supergroup a notification goes to: the topic of its key (<see cref="KeyOf"/>: its type, or
/// with <see cref="ForumTopicRouting.Platform"/> <c>platform:&lt;id&gt;</c> for a message about one social network; named by
/// <see cref="TopicNames"/>) from the forum's map (<see cref="ChatLink.ForumTopics"/>); a missing topic is created (<c>createForumTopic</c>, named in
/// the group's language) when the bot may manage topics (<c>getChatMember</c> of the bot: <c>can_manage_topics</c>) and
/// stored on every link to the forum; otherwise the message goes to the General topic. Chats that are not forums, and
/// types without a topic, are not touched.
/// </summary>
internal sealed class ForumTopicRouter(
    IChatLinkStore links,
    ITelegramGateway gateway,
    IOptionsMonitor<SnsTelegramOptions> options,
    ILogger<ForumTopicRouter> logger)
{
    /// <summary>
    /// The key of the topic a message of <paramref name="notificationType"/> about <paramref name="platform"/> goes to, as
    /// <see cref="SnsTelegramOptions.ForumTopics"/> says: the type, or <c>platform:&lt;id&gt;</c>; null for none (the bot's replies).
    /// </summary>
    public string? KeyOf(string? notificationType, string? platform) =>
        notificationType is null ? null
        : options.CurrentValue.ForumTopics == ForumTopicRouting.Platform && platform is { Length: > 0 } ? TopicNames.PlatformKey(platform)
        : notificationType;

    /// <summary>
    /// The topic of <paramref name="notificationType"/> (a topic key, <see cref="KeyOf"/>) in <paramref name="chatId"/> (a
    /// <paramref name="chatType"/> other than a supergroup has none), or null for the chat itself (General);
    /// <paramref name="observe"/> is told of every Telegram answer, so a 429 pauses the bot.
    /// </summary>
    public async ValueTask<int?> TopicForAsync(long chatId, TelegramChatType chatType, string? notificationType, Func<SendOutcome, Task> observe, CancellationToken cancellationToken)
    {
        if (chatType != TelegramChatType.Supergroup || notificationType is null)
        {
            return null;
        }

        try
        {
            var forum = (await links.GetByChatAsync(chatId, cancellationToken).ConfigureAwait(false)).Where(l => l.ForumTopics is not null).ToList();
            if (forum.Count == 0)
            {
                return null;
            }

            foreach (var link in forum)
            {
                if (link.ForumTopics!.TryGetValue(notificationType, out var known))
                {
                    return known;
                }
            }

            var language = forum.Select(l => l.Language).FirstOrDefault(l => l is not null) ?? options.CurrentValue.DefaultLanguage;
            if (TopicNames.For(notificationType, language) is not { } name || BotId() is not { } botId)
            {
                return null;
            }

            var bot = await gateway.GetChatMemberAsync(chatId, botId, cancellationToken).ConfigureAwait(false);
            await observe(bot.Outcome).ConfigureAwait(false);
            if (bot.Outcome.Kind != SendOutcomeKind.Sent || !bot.CanManageTopics)
            {
                Log.ForumTopicUnavailable(logger, chatId, notificationType, bot.Outcome.Kind == SendOutcomeKind.Sent ? "the bot may not manage topics" : bot.Outcome.Error ?? "no answer");
                return null;
            }

            var created = await gateway.CreateForumTopicAsync(chatId, name, cancellationToken).ConfigureAwait(false);
            await observe(created).ConfigureAwait(false);
            if (created.Kind != SendOutcomeKind.Sent || created.MessageId is not { } thread)
            {
                Log.ForumTopicUnavailable(logger, chatId, notificationType, created.Error ?? "no topic id");
                return null;
            }

            await SetAsync(forum, notificationType, (int)thread, cancellationToken).ConfigureAwait(false);
            Log.ForumTopicCreated(logger, chatId, notificationType, (int)thread);
            return (int)thread;
        }
        catch (Exception e) when (e is DbException or TimeoutException or SnsTelegramStoreException)
        {
            Log.ForumTopicUnavailable(logger, chatId, notificationType, "the store failed: " + e.GetType().Name);
            return null;
        }
    }

    /// <summary>Forgets a topic Telegram no longer knows (deleted in the group), so the next message of its key creates it again.</summary>
    public async ValueTask ForgetAsync(long chatId, string notificationType, CancellationToken cancellationToken)
    {
        var forum = (await links.GetByChatAsync(chatId, cancellationToken).ConfigureAwait(false)).Where(l => l.ForumTopics is not null).ToList();
        foreach (var link in forum.Where(l => l.ForumTopics!.ContainsKey(notificationType)))
        {
            var topics = new Dictionary<string, int>(link.ForumTopics!, StringComparer.Ordinal);
            topics.Remove(notificationType);
            await links.UpdateAsync(link with { ForumTopics = topics }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask SetAsync(List<ChatLink> forum, string notificationType, int thread, CancellationToken cancellationToken)
    {
        foreach (var link in forum)
        {
            var topics = new Dictionary<string, int>(link.ForumTopics!, StringComparer.Ordinal) { [notificationType] = thread };
            await links.UpdateAsync(link with { ForumTopics = topics }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The bot's own user id: the part of the bot token before the colon.</summary>
    private long? BotId()
    {
        var token = options.CurrentValue.BotToken;
        var colon = token?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
