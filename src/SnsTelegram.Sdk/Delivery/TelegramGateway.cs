using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The <see cref="ITelegramGateway"/> over Telegram.Bot's <see cref="ITelegramBotClient"/>.</summary>
internal sealed class TelegramGateway(
    TelegramBotClientFactory clients,
    IOptions<SnsTelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<TelegramGateway> logger) : ITelegramGateway
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    /// <summary>Telegram's answers to a picture it cannot use.</summary>
    private static readonly string[] PhotoErrors =
    [
        "wrong file identifier", "wrong remote file identifier", "failed to get HTTP URL content", "wrong type of the web page content",
        "IMAGE_PROCESS_FAILED", "PHOTO_INVALID_DIMENSIONS", "PHOTO_EXT_INVALID", "PHOTO_SAVE_FILE_INVALID", "PHOTO_INVALID",
        "WEBPAGE_CURL_FAILED", "WEBPAGE_MEDIA_EMPTY", "wrong padding in the string", "file must be non-empty", "type of file mismatch",
    ];
    private readonly TimeSpan _timeout = options.Value.Delivery.RequestTimeout;

    public Task<SendOutcome> SendAsync(long chatId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken) =>
        SendCoreAsync(chatId, null, message, allowPaidBroadcast, cancellationToken);

    public Task<SendOutcome> SendToTopicAsync(long chatId, int messageThreadId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken) =>
        SendCoreAsync(chatId, messageThreadId, message, allowPaidBroadcast, cancellationToken);

    public Task<SendOutcome> CreateForumTopicAsync(long chatId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync(
            async (client, ct) => (await client.CreateForumTopic(chatId, name, cancellationToken: ct).ConfigureAwait(false)).MessageThreadId,
            editedMessageId: null,
            cancellationToken);
    }

    private async Task<SendOutcome> SendCoreAsync(long chatId, int? messageThreadId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Photo is { } photo)
        {
            var withPhoto = await SendPhotoAsync(chatId, messageThreadId, message, photo, allowPaidBroadcast, cancellationToken).ConfigureAwait(false);
            if (!IsPhotoRejected(withPhoto))
            {
                return withPhoto;
            }

            // Telegram could not use the picture (unreachable URL, not an image, unknown file id): the user still gets the text.
            Log.PhotoRejected(logger, chatId, withPhoto.Error);
        }

        var request = new SendMessageRequest
        {
            ChatId = chatId,
            MessageThreadId = messageThreadId,
            Text = message.Text,
            ParseMode = ParseModeOf(message),
            LinkPreviewOptions = PreviewOf(message),
            DisableNotification = message.Silent,
            ReplyMarkup = ReplyMarkupOf(message),
            AllowPaidBroadcast = allowPaidBroadcast,
        };

        return await CallAsync(async (client, ct) => (await client.SendRequest(request, ct).ConfigureAwait(false)).MessageId, editedMessageId: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SendOutcome> EditAsync(long chatId, long messageId, TelegramMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Photo is not null)
        {
            var caption = new EditMessageCaptionRequest
            {
                ChatId = chatId,
                MessageId = (int)messageId,
                Caption = message.Text,
                ParseMode = ParseModeOf(message),
                ReplyMarkup = ToKeyboard(message.Buttons),
            };
            var edited = await CallAsync(async (client, ct) => (await client.SendRequest(caption, ct).ConfigureAwait(false)).MessageId, messageId, cancellationToken).ConfigureAwait(false);

            // The original went out as text because Telegram refused its picture: edit the text instead.
            if (!(edited.Kind == SendOutcomeKind.Rejected && edited.Error?.Contains("no caption in the message", StringComparison.OrdinalIgnoreCase) == true))
            {
                return edited;
            }
        }

        var request = new EditMessageTextRequest
        {
            ChatId = chatId,
            MessageId = (int)messageId,
            Text = message.Text,
            ParseMode = ParseModeOf(message),
            LinkPreviewOptions = PreviewOf(message),
            ReplyMarkup = ToKeyboard(message.Buttons),
        };

        return await CallAsync(async (client, ct) => (await client.SendRequest(request, ct).ConfigureAwait(false)).MessageId, messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The link preview Telegram is asked for: none, the first link's, or a given link's, below or above the text.</summary>
    private static LinkPreviewOptions? PreviewOf(TelegramMessage message) =>
        !message.ShowsLinkPreview ? NoPreview
        : message.LinkPreviewUrl is null && !message.LinkPreviewAboveText ? null
        : new LinkPreviewOptions { Url = message.LinkPreviewUrl, ShowAboveText = message.LinkPreviewAboveText };

    /// <summary>Whether Telegram refused a <c>sendPhoto</c> because of the picture itself (so the text can still be sent alone).</summary>
    internal static bool IsPhotoRejected(SendOutcome outcome) =>
        outcome.Kind == SendOutcomeKind.Rejected && !outcome.IsFormatterBug && outcome.ErrorCode == 400 && outcome.Error is { } error
        && PhotoErrors.Any(e => error.Contains(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether Telegram refused a paid broadcast because the bot's Stars balance cannot pay for it (the Bot API passes
    /// Telegram's <c>BALANCE_TOO_LOW</c> through as a 400).
    /// </summary>
    internal static bool IsPaidBroadcastRefused(SendOutcome outcome) =>
        outcome.Kind == SendOutcomeKind.Rejected && outcome.ErrorCode == 400 && outcome.Error is { } error
        && (error.Contains("BALANCE_TOO_LOW", StringComparison.OrdinalIgnoreCase) || error.Contains("not enough stars", StringComparison.OrdinalIgnoreCase));

    private Task<SendOutcome> SendPhotoAsync(long chatId, int? messageThreadId, TelegramMessage message, TelegramPhoto photo, bool allowPaidBroadcast, CancellationToken cancellationToken)
    {
        var request = new SendPhotoRequest
        {
            ChatId = chatId,
            MessageThreadId = messageThreadId,
            Photo = photo.Url is { } url ? new InputFileUrl(url) : new InputFileId(photo.FileId!),
            Caption = message.Text,
            ParseMode = ParseModeOf(message),
            DisableNotification = message.Silent,
            ReplyMarkup = ReplyMarkupOf(message),
            AllowPaidBroadcast = allowPaidBroadcast,
        };

        return CallAsync(async (client, ct) => (await client.SendRequest(request, ct).ConfigureAwait(false)).MessageId, editedMessageId: null, cancellationToken);
    }

    public Task<SendOutcome> AnswerCallbackAsync(string callbackQueryId, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackQueryId);
        return CallAsync(
            async (client, ct) =>
            {
                await client.AnswerCallbackQuery(callbackQueryId, string.IsNullOrEmpty(text) ? null : text, cancellationToken: ct).ConfigureAwait(false);
                return 0;
            },
            editedMessageId: null,
            cancellationToken);
    }

    public async Task<ChatMemberAnswer> GetChatMemberAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        ChatMember? member = null;
        var outcome = await CallAsync(
            async (client, ct) =>
            {
                member = await client.GetChatMember(chatId, userId, ct).ConfigureAwait(false);
                return 0;
            },
            editedMessageId: null,
            cancellationToken).ConfigureAwait(false);
        return member switch
        {
            ChatMemberOwner => new ChatMemberAnswer(outcome, IsAdministrator: true, CanManageTopics: true),
            ChatMemberAdministrator admin => new ChatMemberAnswer(outcome, IsAdministrator: true, CanManageTopics: admin.CanManageTopics),
            _ => new ChatMemberAnswer(outcome, IsAdministrator: false, CanManageTopics: false),
        };
    }

    public Task<SendOutcome> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(
            async (client, ct) =>
            {
                await client.GetMe(ct).ConfigureAwait(false);
                return 0;
            },
            editedMessageId: null,
            cancellationToken,
            timeout);

    /// <summary>Makes one Bot API call that answers a message, and classifies the answer (an edit's own way when <paramref name="editedMessageId"/> is set).</summary>
    private async Task<SendOutcome> CallAsync(Func<ITelegramBotClient, CancellationToken, Task<int>> call, long? editedMessageId, CancellationToken cancellationToken, TimeSpan? callTimeout = null)
    {
        var limit = callTimeout ?? _timeout;
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = clients.Create();
            var messageId = await call(client, linked.Token).ConfigureAwait(false);
            return SendOutcome.Delivered(messageId);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.Transient, $"timed out after {limit.TotalSeconds:0.#} s") { Unanswered = true };
        }
        catch (ApiRequestException e)
        {
            return editedMessageId is { } edited
                ? ClassifyEdit(e.ErrorCode, e.Message, e.Parameters, edited)
                : Classify(e.ErrorCode, e.Message, e.Parameters);
        }
        catch (RequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            // A non-JSON answer (a proxy's 502 page), a dropped connection or a timeout inside the client.
            var code = e.HttpStatusCode is { } status ? (int)status : (int?)null;
            var what = code is null ? Describe(e) : $"HTTP {code}: {Describe(e)}";
            return code is >= 400 and < 500 and not 408 and not 429
                ? new SendOutcome(SendOutcomeKind.Rejected, what) { ErrorCode = code }
                : new SendOutcome(SendOutcomeKind.Transient, what) { ErrorCode = code, Unanswered = code is null && !NeverConnected(e) };
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.Transient, Describe(e)) { ErrorCode = e.StatusCode is { } s ? (int)s : null, Unanswered = e.StatusCode is null && !NeverConnected(e) };
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.Transient, Describe(e)) { Unanswered = true };
        }
        catch (System.Text.Json.JsonException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.Transient, "unreadable answer: " + Describe(e));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            Log.GatewayUnexpectedError(logger, e);
            return new SendOutcome(SendOutcomeKind.Transient, Describe(e));
        }
    }

    /// <summary>
    /// Classifies a Bot API error answer to an edit: "message is not modified" means the message already shows this content
    /// (delivered); a message that is gone or cannot be edited is rejected (<see cref="SendOutcome.EditImpossible"/>); the
    /// rest as for a send.
    /// </summary>
    internal static SendOutcome ClassifyEdit(int errorCode, string description, ResponseParameters? parameters, long messageId)
    {
        var text = description ?? string.Empty;
        if (errorCode == 400 && text.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            return SendOutcome.Delivered(messageId);
        }

        if (errorCode == 400 && (text.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase)
            || text.Contains("message can't be edited", StringComparison.OrdinalIgnoreCase)
            || text.Contains("MESSAGE_ID_INVALID", StringComparison.Ordinal)))
        {
            return new SendOutcome(SendOutcomeKind.Rejected, TokenRedactor.Redact(text)) { EditImpossible = true, ErrorCode = errorCode };
        }

        return Classify(errorCode, text, parameters);
    }

    /// <summary>Classifies a Bot API error answer.</summary>
    internal static SendOutcome Classify(int errorCode, string description, ResponseParameters? parameters)
    {
        var text = TokenRedactor.Redact(description ?? string.Empty);
        if (errorCode == 429 || parameters?.RetryAfter is not null)
        {
            var seconds = parameters?.RetryAfter ?? 1;
            return new SendOutcome(SendOutcomeKind.RateLimited, text) { RetryAfter = TimeSpan.FromSeconds(Math.Max(1, seconds)), ErrorCode = errorCode };
        }

        if (parameters?.MigrateToChatId is { } newChat)
        {
            return new SendOutcome(SendOutcomeKind.Migrated, text) { MigrateToChatId = newChat, ErrorCode = errorCode };
        }

        if (errorCode == 403)
        {
            var reason = text.Contains("deactivated", StringComparison.OrdinalIgnoreCase)
                ? ChatLinkDisabledReasons.UserDeactivated
                : ChatLinkDisabledReasons.BotBlocked;
            return new SendOutcome(SendOutcomeKind.ChatUnavailable, text) { DisabledReason = reason, ErrorCode = errorCode };
        }

        if (errorCode == 400 && text.Contains("chat not found", StringComparison.OrdinalIgnoreCase))
        {
            return new SendOutcome(SendOutcomeKind.ChatUnavailable, text) { DisabledReason = ChatLinkDisabledReasons.ChatNotFound, ErrorCode = errorCode };
        }

        if (errorCode == 400 && (text.Contains("parse entities", StringComparison.OrdinalIgnoreCase)
            || text.Contains("too long", StringComparison.OrdinalIgnoreCase)
            || text.Contains("text is empty", StringComparison.OrdinalIgnoreCase)
            || text.Contains("button", StringComparison.OrdinalIgnoreCase)))
        {
            return new SendOutcome(SendOutcomeKind.Rejected, text) { IsFormatterBug = true, ErrorCode = errorCode };
        }

        // 401 (the token was revoked) and 404 (the address is wrong) are configuration problems, not problems of this
        // message: retry with backoff so that a fixed configuration still delivers, and dead-letter after MaxAttempts.
        // A 401 says so in its error text (kept in the outbox), so every reader can tell it from an outage.
        if (errorCode == 401)
        {
            return new SendOutcome(SendOutcomeKind.Transient, $"{DeliveryReasons.BotTokenRejected}: Telegram answered 401 ({text}); the bot token was revoked or is wrong")
            {
                BotTokenRejected = true,
                ErrorCode = errorCode,
            };
        }

        if (errorCode is 404 or 408 || errorCode >= 500 || errorCode <= 0)
        {
            return new SendOutcome(SendOutcomeKind.Transient, text) { ErrorCode = errorCode };
        }

        return new SendOutcome(SendOutcomeKind.Rejected, text) { ErrorCode = errorCode };
    }

    /// <summary>Whether <paramref name="e"/> says the connection could not be opened, so the request never left.</summary>
    private static bool NeverConnected(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    private static ParseMode ParseModeOf(TelegramMessage message) => message.ParseMode == TelegramParseMode.Html ? ParseMode.Html : ParseMode.None;

    private static string Describe(Exception e)
    {
        var message = e.InnerException is { } inner ? $"{e.Message} ({inner.GetType().Name}: {inner.Message})" : e.Message;
        return TokenRedactor.Redact(message);
    }

    /// <summary>A new message's keyboard: the location request, else the inline buttons, else the removal of a reply keyboard.</summary>
    private static ReplyMarkup? ReplyMarkupOf(TelegramMessage message)
    {
        if (message.RequestLocation is { } label)
        {
            return new ReplyKeyboardMarkup(KeyboardButton.WithRequestLocation(label)) { ResizeKeyboard = true, OneTimeKeyboard = true };
        }

        return (ReplyMarkup?)ToKeyboard(message.Buttons) ?? (message.RemoveReplyKeyboard ? new ReplyKeyboardRemove() : null);
    }

    private static InlineKeyboardMarkup? ToKeyboard(IReadOnlyList<IReadOnlyList<TelegramButton>>? rows)
    {
        if (rows is null || rows.Count == 0)
        {
            return null;
        }

        return new InlineKeyboardMarkup(rows.Select(row => row.Select(b => b.Url is not null
            ? InlineKeyboardButton.WithUrl(b.Text, b.Url)
            : InlineKeyboardButton.WithCallbackData(b.Text, b.CallbackData!))));
    }
}
