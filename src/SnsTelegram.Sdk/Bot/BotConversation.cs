using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// The bot's side of the conversation: commands (<c>/start [token]</c>, <c>/link</c>, <c>/status</c>, <c>/settings</c>,
/// <c>/stop</c>, <c>/help</c>), inline buttons (<c>mute:</c>, <c>unmute:</c>, <c>stop</c>, <c>retry:</c>, the last at most once per
/// message: <see cref="CallbackData.ActionKey"/>; <c>set:</c> and shared locations go to <see cref="PreferenceCentre"/>), membership changes and group
/// migrations (followed by <see cref="ChatMigration"/>, the same as when a send learns of one). Replies are Telegram HTML
/// in the reader's language.
/// </summary>
internal sealed class BotConversation(
    SendPipeline pipeline,
    BotReplySender replies,
    ChatMigration migration,
    LinkTokenService tokens,
    AccountLinker linker,
    IChatLinkStore links,
    EventPublisher events,
    IProcessedUpdateStore updates,
    PreferenceCentre preferences,
    TimeProvider time,
    IOptionsMonitor<SnsTelegramOptions> options,
    IServiceScopeFactory scopes,
    ILogger<BotConversation> logger)
{
    /// <summary>The most text <c>answerCallbackQuery</c> shows.</summary>
    private const int MaxAnswerLength = 200;

    /// <summary>The longest 429 pause a button's answer waits out (the user is watching the button spin).</summary>
    private static readonly TimeSpan CallbackAnswerMaxWait = TimeSpan.FromSeconds(3);

    /// <summary>Handles a message; false when it was not for the bot.</summary>
    public async ValueTask<bool> OnMessageAsync(Message message, CancellationToken cancellationToken)
    {
        // ChatMigration follows only what Telegram can report: a group's move to a supergroup, seen in one of the two.
        if (message.MigrateToChatId is { } to)
        {
            return await migration.FollowMigrateToAsync(message.Chat.Id, MapChatType(message.Chat.Type), to, cancellationToken).ConfigureAwait(false);
        }

        if (message.MigrateFromChatId is { } from)
        {
            return await migration.FollowMigrateFromAsync(message.Chat.Id, MapChatType(message.Chat.Type), from, cancellationToken).ConfigureAwait(false);
        }

        if (message.Location is { } location && MapChatType(message.Chat.Type) == TelegramChatType.Private)
        {
            // the answer to /settings' "share location" (a reply keyboard button sends a plain location message)
            var owners = await links.GetByChatAsync(message.Chat.Id, cancellationToken).ConfigureAwait(false);
            var locationTexts = BotTexts.For(ChooseLanguage(TelegramChatType.Private, owners, message.From?.LanguageCode));
            await preferences.OnLocationAsync(message.Chat.Id, location.Latitude, location.Longitude, owners, locationTexts, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (message.Text is not { } text || MapChatType(message.Chat.Type) is not { } chatType || chatType == TelegramChatType.Channel)
        {
            return false;
        }

        var parsed = BotCommandParser.Parse(text, options.CurrentValue.BotUsername);
        if (parsed.Kind == BotCommandKind.OtherBot)
        {
            return false;
        }

        var chat = new ChatContext(message.Chat.Id, chatType, message.From?.LanguageCode)
        {
            FromId = message.From?.Id,
            SentAsChat = message.SenderChat?.Id == message.Chat.Id,
            IsForum = message.Chat.IsForum,
        };
        if (parsed.Kind == BotCommandKind.NotCommand)
        {
            // In groups people talk to each other; only a private chat gets the short help.
            if (chatType != TelegramChatType.Private)
            {
                return false;
            }

            await ReplyAsync(chat, t => t.ShortHelp, cancellationToken).ConfigureAwait(false);
            return true;
        }

        switch (parsed.Command)
        {
            case "start":
                await OnStartAsync(chat, parsed.Argument, cancellationToken).ConfigureAwait(false);
                return true;
            case "link":
                await SendCodeAsync(chat, cancellationToken).ConfigureAwait(false);
                return true;
            case "status":
                await SendStatusAsync(chat, cancellationToken).ConfigureAwait(false);
                return true;
            case "settings":
                chat.Links = await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
                await preferences.OpenAsync(chat.Id, chat.Type, chat.Links, BotTexts.For(ChooseLanguage(chat.Type, chat.Links, chat.TelegramLanguage)), cancellationToken).ConfigureAwait(false);
                return true;
            case "stop":
                await OnStopAsync(chat, cancellationToken).ConfigureAwait(false);
                return true;
            case "help":
                await ReplyAsync(chat, t => t.Help, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                // An unknown command in a group may be meant for another bot, unless it names us.
                if (chatType != TelegramChatType.Private && !parsed.AddressedToUs)
                {
                    return false;
                }

                await ReplyAsync(chat, t => t.ShortHelp, cancellationToken).ConfigureAwait(false);
                return true;
        }
    }

    /// <summary>Handles an inline button press; always answers the callback so the button stops spinning.</summary>
    public async ValueTask<bool> OnCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        var chatId = callback.Message?.Chat.Id;
        var chatLinks = chatId is { } id ? await links.GetByChatAsync(id, cancellationToken).ConfigureAwait(false) : [];
        var chatType = MapChatType(callback.Message?.Chat.Type) ?? TelegramChatType.Private;
        var texts = BotTexts.For(ChooseLanguage(chatType, chatLinks, callback.From.LanguageCode));
        var answer = await DecideAnswerAsync(callback.Data, chatId, chatType, callback.Message?.MessageId, chatLinks, texts, cancellationToken).ConfigureAwait(false);
        if (answer.Length > MaxAnswerLength)
        {
            answer = answer[..(MaxAnswerLength - 1)] + "…";
        }

        // Through the send pipeline: a 429 pause is waited out (briefly) and a 429 pauses the bot. A callback older than a
        // few minutes can no longer be answered; the action itself was done either way.
        var outcome = await pipeline.AnswerCallbackAsync(callback.Id, answer, CallbackAnswerMaxWait, cancellationToken).ConfigureAwait(false);
        if (outcome is null or { Kind: not SendOutcomeKind.Sent })
        {
            Log.CallbackAnswerFailed(logger, outcome?.ErrorCode ?? 0, outcome?.Error ?? "the bot is paused by Telegram");
        }

        return true;
    }

    /// <summary>Handles a change of the bot's membership: blocked in a private chat, or removed from a group.</summary>
    public async ValueTask<bool> OnMyChatMemberAsync(ChatMemberUpdated update, CancellationToken cancellationToken)
    {
        if (update.NewChatMember.Status is not (ChatMemberStatus.Kicked or ChatMemberStatus.Left))
        {
            return false;
        }

        var changed = await links.SetEnabledForChatAsync(update.Chat.Id, false, ChatLinkDisabledReasons.BotBlocked, cancellationToken).ConfigureAwait(false);
        if (changed > 0)
        {
            Log.LinksTurnedOffFromChat(logger, changed, ChatLinkDisabledReasons.BotBlocked);
            events.Chat(SnsTelegramEventTypes.LinkDisabled, update.Chat.Id, ChatLinkDisabledReasons.BotBlocked);
        }

        return true;
    }

    /// <summary>Tells a chat that an account was linked to it (after <c>verify-link</c> with a chat code).</summary>
    private async ValueTask OnStartAsync(ChatContext chat, string? payload, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(payload))
        {
            chat.Links = await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
            if (chat.Links.Any(l => !l.Enabled))
            {
                // /start in a chat whose notifications were turned off (by /stop or a block) turns them on again.
                await linker.ReenableChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
                await ReplyAsync(chat, t => t.TurnedOnAgain, cancellationToken).ConfigureAwait(false);
            }
            else if (chat.Links.Count > 0)
            {
                await ReplyAsync(chat, t => t.AlreadyLinked, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendCodeAsync(chat, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // A group is linked only by one of its administrators (the startgroup link lets anyone add the bot); anyone
        // else leaves the token unused, so an administrator can still complete it.
        if (chat.Type != TelegramChatType.Private && await IsAdministratorAsync(chat, cancellationToken).ConfigureAwait(false) is not true and var admin)
        {
            Log.GroupLinkRefused(logger, chat.Id, admin is null ? "admin_check_failed" : "not_admin");
            await ReplyAsync(chat, t => admin is null ? t.GroupAdminCheckFailed : t.GroupAdminRequired, cancellationToken, loadLinks: true).ConfigureAwait(false);
            return;
        }

        var redeemed = await tokens.RedeemDeepLinkAsync(payload, cancellationToken).ConfigureAwait(false);
        if (!redeemed.Succeeded || redeemed.Token!.UserId is not { Length: > 0 } userId)
        {
            await ReplyAsync(chat, t => t.TokenRefused(redeemed.Status), cancellationToken, loadLinks: true).ConfigureAwait(false);
            return;
        }

        var outcome = await linker.LinkAsync(userId, chat.Id, chat.Type, SnsLanguages.Match(chat.TelegramLanguage), "deep_link", cancellationToken, forum: chat.IsForum).ConfigureAwait(false);
        await replies.SendAsync(chat.Id, chat.Type, BotTexts.For(outcome.Link.Language ?? options.CurrentValue.DefaultLanguage).Linked(chat.Type), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the sender is the group's creator or an administrator (<c>getChatMember</c>); a message sent as the group
    /// itself (an anonymous administrator) is. Null when Telegram did not answer.
    /// </summary>
    private async ValueTask<bool?> IsAdministratorAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        if (chat.SentAsChat)
        {
            return true;
        }

        if (chat.FromId is not { } userId)
        {
            return false;
        }

        var answer = await pipeline.GetChatMemberAsync(chat.Id, userId, CallbackAnswerMaxWait, cancellationToken).ConfigureAwait(false);
        return answer is { Outcome.Kind: SendOutcomeKind.Sent } known ? known.IsAdministrator : null;
    }

    private async ValueTask SendCodeAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        // a code links the chat it is shown in: in a group, only an administrator gets one
        if (chat.Type != TelegramChatType.Private && await IsAdministratorAsync(chat, cancellationToken).ConfigureAwait(false) is not true and var admin)
        {
            Log.GroupLinkRefused(logger, chat.Id, admin is null ? "admin_check_failed" : "not_admin");
            await ReplyAsync(chat, t => admin is null ? t.GroupAdminCheckFailed : t.GroupCodeAdminRequired, cancellationToken, loadLinks: true).ConfigureAwait(false);
            return;
        }

        chat.Links ??= await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
        var language = ChooseLanguage(chat.Type, chat.Links, chat.TelegramLanguage);
        var issued = await tokens.IssueChatCodeAsync(chat.Id, chat.Type, SnsLanguages.Match(chat.TelegramLanguage), cancellationToken).ConfigureAwait(false);
        await replies.SendAsync(chat.Id, chat.Type, BotTexts.For(language).ChatCode(issued.Token, options.CurrentValue.LinkCodeLifetime), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask OnStopAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        chat.Links = await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
        if (chat.Links.Count == 0)
        {
            await ReplyAsync(chat, t => t.NothingToStop, cancellationToken).ConfigureAwait(false);
            return;
        }

        var changed = await links.SetEnabledForChatAsync(chat.Id, false, ChatLinkDisabledReasons.StoppedByUser, cancellationToken).ConfigureAwait(false);
        Log.LinksTurnedOffFromChat(logger, changed, ChatLinkDisabledReasons.StoppedByUser);
        if (changed > 0)
        {
            events.Chat(SnsTelegramEventTypes.LinkDisabled, chat.Id, ChatLinkDisabledReasons.StoppedByUser);
        }
        await ReplyAsync(chat, t => t.Stopped, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string> DecideAnswerAsync(string? data, long? chatId, TelegramChatType chatType, int? messageId, IReadOnlyList<ChatLink> chatLinks, BotTexts texts, CancellationToken cancellationToken)
    {
        if (chatId is not { } id || string.IsNullOrEmpty(data))
        {
            return texts.UnknownAction;
        }

        if (chatLinks.Count == 0)
        {
            return texts.NotLinkedAnswer;
        }

        if (!CallbackData.TryParse(data, out var command))
        {
            return texts.UnknownAction;
        }

        switch (command.Action)
        {
            case CallbackAction.Stop:
                // pressed again (or redelivered) while the chat's links are already off: nothing to do, and it says so
                if (chatLinks.All(l => !l.Enabled))
                {
                    return texts.AlreadyDone;
                }

                var changed = await links.SetEnabledForChatAsync(id, false, ChatLinkDisabledReasons.StoppedByUser, cancellationToken).ConfigureAwait(false);
                Log.LinksTurnedOffFromChat(logger, changed, ChatLinkDisabledReasons.StoppedByUser);
                if (changed > 0)
                {
                    events.Chat(SnsTelegramEventTypes.LinkDisabled, id, ChatLinkDisabledReasons.StoppedByUser);
                }

                return texts.StoppedAnswer;
            case CallbackAction.Mute or CallbackAction.Unmute when IsMutableType(command.Argument!):
                var type = command.Argument!;
                var mute = command.Action == CallbackAction.Mute;
                var updated = 0;
                foreach (var link in chatLinks)
                {
                    var set = new HashSet<string>(link.MutedTypes, StringComparer.Ordinal);
                    if (mute ? set.Add(type) : set.Remove(type))
                    {
                        await links.UpdateAsync(link with { MutedTypes = set }, cancellationToken).ConfigureAwait(false);
                        updated++;
                    }
                }

                // pressed again (or redelivered) with the type already muted (unmuted) everywhere: nothing changed
                return updated == 0 ? texts.AlreadyDone : mute ? texts.Muted(type) : texts.Unmuted(type);
            case CallbackAction.Settings when messageId is { } menu:
                return await preferences.OnButtonAsync(command.Argument!, id, chatType, menu, chatLinks, texts, cancellationToken).ConfigureAwait(false);
            case CallbackAction.Retry:
                return await RetryAsync(command.Argument!, CallbackData.ActionKey(id, messageId ?? 0, data), chatLinks, texts, cancellationToken).ConfigureAwait(false);
            default:
                return texts.UnknownAction;
        }
    }

    private async ValueTask<string> RetryAsync(string postId, string actionKey, IReadOnlyList<ChatLink> chatLinks, BotTexts texts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetService<IPostRetryHandler>();
        if (handler is null)
        {
            return texts.RetryUnavailable;
        }

        // The button does not say whose post it is; in a chat several accounts share, the app is the safer place to retry.
        if (chatLinks.Count != 1)
        {
            return texts.RetryAmbiguous;
        }

        // Recorded in the store before it runs, in one atomic insert: of two presses (here or on another instance sharing
        // the store) only the first asks the app to retry.
        if (!await updates.TryMarkButtonActionAsync(actionKey, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            Log.ButtonActionAlreadyDone(logger, nameof(CallbackAction.Retry), chatLinks[0].ChatId);
            return texts.AlreadyDone;
        }

        try
        {
            var text = await handler.RetryAsync(chatLinks[0].UserId, postId, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(text) ? texts.RetryFailed : text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RetryHandlerFailed(logger, ex);
            return texts.RetryFailed;
        }
    }

    /// <summary>/status, with an Unmute button (the <c>unmute:</c> callback) per muted type.</summary>
    private async ValueTask SendStatusAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        chat.Links = await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
        var texts = BotTexts.For(ChooseLanguage(chat.Type, chat.Links, chat.TelegramLanguage));
        var muted = SettingsMenu.MutableTypes.Where(t => chat.Links.Any(l => l.MutedTypes.Contains(t))).ToList();
        var message = new TelegramMessage(texts.Status(chat.Links))
        {
            Buttons = muted.Count == 0
                ? null
                : muted.Select(t => (IReadOnlyList<TelegramButton>)[TelegramButton.Callback(texts.UnmuteButton(t), CallbackData.Unmute(t))]).ToArray(),
        };
        await replies.SendAsync(chat.Id, chat.Type, message, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ReplyAsync(ChatContext chat, Func<BotTexts, string> text, CancellationToken cancellationToken, bool loadLinks = false)
    {
        if (chat.Links is null && (loadLinks || chat.Type == TelegramChatType.Private))
        {
            chat.Links = await links.GetByChatAsync(chat.Id, cancellationToken).ConfigureAwait(false);
        }

        var texts = BotTexts.For(ChooseLanguage(chat.Type, chat.Links ?? [], chat.TelegramLanguage));
        await replies.SendAsync(chat.Id, chat.Type, text(texts), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The reply language: in a private chat the linked account's language (a choice made in the app) wins; otherwise the
    /// Telegram user's <c>language_code</c>, then a group's first chosen language, then the default.
    /// </summary>
    private string ChooseLanguage(TelegramChatType chatType, IReadOnlyList<ChatLink> chatLinks, string? telegramLanguage) =>
        (chatType == TelegramChatType.Private && chatLinks.Count > 0 ? chatLinks[0].Language : null)
        ?? SnsLanguages.Match(telegramLanguage)
        ?? chatLinks.FirstOrDefault(l => l.Language is not null)?.Language
        ?? options.CurrentValue.DefaultLanguage;

    private static bool IsMutableType(string type) => type != NotificationTypes.Test && NotificationTypes.All.Contains(type);

    internal static TelegramChatType? MapChatType(ChatType? type) => type switch
    {
        ChatType.Private => TelegramChatType.Private,
        ChatType.Group => TelegramChatType.Group,
        ChatType.Supergroup => TelegramChatType.Supergroup,
        ChatType.Channel => TelegramChatType.Channel,
        _ => null,
    };

    private sealed class ChatContext(long id, TelegramChatType type, string? telegramLanguage)
    {
        public long Id { get; } = id;

        public TelegramChatType Type { get; } = type;

        public string? TelegramLanguage { get; } = telegramLanguage;

        /// <summary>The sender's Telegram user id.</summary>
        public long? FromId { get; init; }

        /// <summary>The message was sent on behalf of the chat itself (an anonymous group administrator).</summary>
        public bool SentAsChat { get; init; }

        /// <summary>The chat is a forum supergroup (<c>is_forum</c>).</summary>
        public bool IsForum { get; init; }

        public IReadOnlyList<ChatLink>? Links { get; set; }
    }
}
