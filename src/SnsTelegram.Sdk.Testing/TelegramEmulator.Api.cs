using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SnsTelegram.Sdk.Testing.Html;
using SnsTelegram.Sdk.Testing.Recording;
using SnsTelegram.Sdk.Testing.Server;

namespace SnsTelegram.Sdk.Testing;

public sealed partial class TelegramEmulator
{
    private const int MaxTextLength = 4096;
    private const int MaxCaptionLength = 1024;
    private const string WrongFileIdentifier = "Bad Request: wrong file identifier/HTTP URL specified";
    private const string ChatNotFound = "Bad Request: chat not found";

    private static readonly FrozenDictionary<string, string> Methods = new[]
    {
        "getMe", "sendMessage", "sendPhoto", "editMessageText", "editMessageCaption", "deleteMessage", "answerCallbackQuery", "setWebhook", "deleteWebhook",
        "getWebhookInfo", "getUpdates", "setMyCommands", "getMyCommands", "deleteMyCommands", "getChat", "getChatMember", "createForumTopic", "close", "logOut",
    }.ToFrozenDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    /// <summary>The sizes a photo is answered in, like Telegram's thumbnails; the largest carries the plain file id.</summary>
    private static readonly (int Width, int Height, string Suffix)[] PhotoSizes = [(90, 90, "_s"), (320, 320, "_m"), (800, 800, string.Empty)];

    private static readonly byte[] BadGatewayPage = Encoding.ASCII.GetBytes("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n");

    private async Task HandleAsync(HttpContext context)
    {
        Counters.Request();
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/bot", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, new BotApiException(404, "Not Found")).ConfigureAwait(false);
            return;
        }

        var slash = path.IndexOf('/', 4);
        var token = slash < 0 ? path.AsSpan(4) : path.AsSpan(4, slash - 4);
        if (!token.SequenceEqual(BotToken))
        {
            await WriteErrorAsync(context, new BotApiException(401, "Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (slash < 0 || !Methods.TryGetValue(path[(slash + 1)..], out var method))
        {
            await WriteErrorAsync(context, new BotApiException(404, "Not Found")).ConfigureAwait(false);
            return;
        }

        Counters.Call(method);
        var aborted = context.RequestAborted;
        var latency = Faults.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, TimeProvider.System, aborted).ConfigureAwait(false);
        }

        var fault = Faults.Next(method);
        switch (fault.Kind)
        {
            case FaultKind.Fail:
                Counters.FaultInjected();
                await WriteServerErrorAsync(context, fault.StatusCode).ConfigureAwait(false);
                return;
            case FaultKind.TooManyRequests:
                Counters.FaultInjected();
                await WriteErrorAsync(context, TooManyRequests(fault.RetryAfter)).ConfigureAwait(false);
                return;
            case FaultKind.Migrated:
                Counters.FaultInjected();
                await WriteErrorAsync(context, new BotApiException(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateToChatId: fault.MigrateToChatId)).ConfigureAwait(false);
                return;
            case FaultKind.Delay:
                Counters.FaultInjected();
                await Task.Delay(fault.Delay, TimeProvider.System, aborted).ConfigureAwait(false);
                break;
            case FaultKind.DropBefore:
                Counters.FaultInjected();
                Counters.ConnectionDropped();
                context.Abort();
                return;
            default:
                break;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        await using var writer = new Utf8JsonWriter(buffer);
        var status = 200;
        try
        {
            using var args = await RequestArgs.ReadAsync(context.Request, aborted).ConfigureAwait(false);
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WritePropertyName("result");
            var description = await DispatchAsync(method, args, writer, aborted).ConfigureAwait(false);
            if (description is not null)
            {
                writer.WriteString("description", description);
            }

            writer.WriteEndObject();
        }
        catch (BotApiException error)
        {
            buffer.Clear();
            writer.Reset(buffer);
            WriteError(writer, error);
            status = error.ErrorCode;
            Counters.Error(status);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EmulatorLog.RequestFailed(_logger, method, ex);
            buffer.Clear();
            writer.Reset(buffer);
            WriteError(writer, new BotApiException(500, "Internal Server Error"));
            status = 500;
            Counters.Error(status);
        }

        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (fault.Kind == FaultKind.DropAfter)
        {
            Counters.FaultInjected();
            Counters.ConnectionDropped();
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, aborted).ConfigureAwait(false);
    }

    private ValueTask<string?> DispatchAsync(string method, RequestArgs args, Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "getMe":
                TelegramJson.WriteBot(w, BotId, BotFirstName, BotUsername, full: true);
                return ValueTask.FromResult<string?>(null);
            case "sendMessage":
                SendMessage(args, w);
                return ValueTask.FromResult<string?>(null);
            case "sendPhoto":
                SendPhoto(args, w);
                return ValueTask.FromResult<string?>(null);
            case "editMessageText":
                EditMessageText(args, w);
                return ValueTask.FromResult<string?>(null);
            case "editMessageCaption":
                EditMessageCaption(args, w);
                return ValueTask.FromResult<string?>(null);
            case "deleteMessage":
                DeleteMessage(args, w);
                return ValueTask.FromResult<string?>(null);
            case "answerCallbackQuery":
                AnswerCallbackQuery(args, w);
                return ValueTask.FromResult<string?>(null);
            case "setWebhook":
                return ValueTask.FromResult<string?>(SetWebhook(args, w));
            case "deleteWebhook":
                return ValueTask.FromResult<string?>(DeleteWebhook(args, w));
            case "getWebhookInfo":
                WriteWebhookInfo(w);
                return ValueTask.FromResult<string?>(null);
            case "getUpdates":
                return GetUpdatesAsync(args, w, cancellationToken);
            case "setMyCommands":
                SetMyCommands(args, w);
                return ValueTask.FromResult<string?>(null);
            case "getMyCommands":
                GetMyCommands(args, w);
                return ValueTask.FromResult<string?>(null);
            case "deleteMyCommands":
                _commands.TryRemove(CommandsKey(ScopeOf(args), LanguageOf(args)), out _);
                w.WriteBooleanValue(true);
                return ValueTask.FromResult<string?>(null);
            case "getChat":
                TelegramJson.WriteChat(w, ResolveChat(args), full: true);
                return ValueTask.FromResult<string?>(null);
            case "getChatMember":
                GetChatMember(args, w);
                return ValueTask.FromResult<string?>(null);
            case "createForumTopic":
                CreateForumTopic(args, w);
                return ValueTask.FromResult<string?>(null);
            default:
                // close and logOut: nothing to release in the emulator
                w.WriteBooleanValue(true);
                return ValueTask.FromResult<string?>(null);
        }
    }

    private void SendMessage(RequestArgs args, Utf8JsonWriter w)
    {
        var chat = ResolveChat(args);
        EnsureWritable(chat);
        var (text, entities, parseMode) = PrepareText(args);
        var (keyboard, markupJson) = ParseReplyMarkup(args, inlineOnly: false);
        var (replyKeyboard, removesKeyboard) = ParseReplyKeyboard(args, chat);
        if (args.GetJson("reply_parameters", "Bad Request: can't parse reply parameters JSON object") is { ValueKind: JsonValueKind.Object } reply
            && reply.TryGetProperty("message_id", out var replyTo) && replyTo.TryGetInt32(out var replyToId)
            && !(reply.TryGetProperty("allow_sending_without_reply", out var allow) && allow.ValueKind == JsonValueKind.True)
            && chat.Find(replyToId) is null or { IsDeleted: true })
        {
            throw new BotApiException(400, "Bad Request: message to be replied not found");
        }

        var previewOptions = args.GetJson("link_preview_options", "Bad Request: can't parse link preview options JSON object");
        var preview = previewOptions is { ValueKind: JsonValueKind.Object } options ? options : default;
        var linkPreviewDisabled = args.GetBool("disable_web_page_preview")
            || (preview.ValueKind == JsonValueKind.Object && preview.TryGetProperty("is_disabled", out var disabled) && disabled.ValueKind == JsonValueKind.True);
        string? linkPreviewUrl = null;
        if (preview.ValueKind == JsonValueKind.Object && preview.TryGetProperty("url", out var previewUrl))
        {
            linkPreviewUrl = previewUrl.ValueKind == JsonValueKind.String ? previewUrl.GetString()
                : throw new BotApiException(400, "Bad Request: can't parse link preview options JSON object");
        }

        var linkPreviewAboveText = preview.ValueKind == JsonValueKind.Object && preview.TryGetProperty("show_above_text", out var above) && above.ValueKind == JsonValueKind.True;
        SendFromBot(chat, w, new RecordedMessage
        {
            ChatId = chat.Id,
            MessageId = 0,
            FromBot = true,
            FromUserId = BotId,
            Text = text,
            Entities = entities,
            ParseMode = parseMode,
            SourceText = args.GetString("text"),
            InlineKeyboard = keyboard,
            ReplyKeyboard = replyKeyboard,
            RemovesReplyKeyboard = removesKeyboard,
            ReplyMarkupJson = markupJson,
            DisableNotification = args.GetBool("disable_notification"),
            LinkPreviewDisabled = linkPreviewDisabled,
            LinkPreviewUrl = linkPreviewDisabled ? null : linkPreviewUrl,
            LinkPreviewAboveText = !linkPreviewDisabled && linkPreviewAboveText,
            MessageThreadId = ThreadOf(chat, args),
        }, args.GetBool("allow_paid_broadcast"));
    }

    /// <summary>Records a message the bot sends (within the flood limits), with its id and time, and answers it.</summary>
    private void SendFromBot(ChatState chat, Utf8JsonWriter w, RecordedMessage content, bool paidBroadcast)
    {
        AcquireSendSlot(chat, paidBroadcast);
        var now = _time.GetUtcNow();
        var message = chat.Append(id => content with { MessageId = id, SentAt = now });
        Counters.MessageSent();
        OnRecorded(message);
        WriteMessage(w, message, chat);
    }

    private void EditMessageText(RequestArgs args, Utf8JsonWriter w) => EditMessage(args, w, caption: false);

    private void EditMessageCaption(RequestArgs args, Utf8JsonWriter w) => EditMessage(args, w, caption: true);

    /// <summary>editMessageText (a text message's text) or editMessageCaption (a photo's caption), with Telegram's errors.</summary>
    private void EditMessage(RequestArgs args, Utf8JsonWriter w, bool caption)
    {
        if (!args.Has("chat_id") && args.Has("inline_message_id"))
        {
            throw new BotApiException(400, "Bad Request: message to edit not found");
        }

        var chat = ResolveChat(args);
        EnsureWritable(chat);
        var messageId = args.GetInt64("message_id", "Bad Request: message to edit not found")
            ?? throw new BotApiException(400, "Bad Request: message identifier is not specified");
        var (text, entities, parseMode) = caption ? PrepareCaption(args) : PrepareText(args);
        var (keyboard, markupJson) = ParseReplyMarkup(args, inlineOnly: true);
        var source = args.GetString(caption ? "caption" : "text");
        var now = _time.GetUtcNow();
        var edited = chat.Update(messageId is > 0 and <= int.MaxValue ? (int)messageId : 0, "Bad Request: message to edit not found", current =>
        {
            if (!current.FromBot)
            {
                throw new BotApiException(400, "Bad Request: message can't be edited");
            }

            if (caption && current.Photo is null)
            {
                throw new BotApiException(400, "Bad Request: there is no caption in the message to edit");
            }

            if (!caption && current.Photo is not null)
            {
                throw new BotApiException(400, "Bad Request: there is no text in the message to edit");
            }

            if (current.Text == text && current.Entities.SequenceEqual(entities) && SameKeyboard(current.InlineKeyboard, keyboard))
            {
                throw new BotApiException(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            return current with
            {
                Text = text,
                Entities = entities,
                ParseMode = parseMode,
                SourceText = source,
                InlineKeyboard = keyboard,
                ReplyMarkupJson = markupJson,
                EditedAt = now,
                PreviousVersions = [.. current.PreviousVersions, current with { PreviousVersions = [] }],
            };
        });
        Counters.MessageEdited();
        OnRecorded(edited);
        WriteMessage(w, edited, chat);
    }

    /// <summary>
    /// The topic a send names (<c>message_thread_id</c>): in a forum, one of its topics (1 or none is the General topic,
    /// recorded as null); elsewhere Telegram refuses it.
    /// </summary>
    private static int? ThreadOf(ChatState chat, RequestArgs args)
    {
        var thread = args.GetInt64("message_thread_id", "Bad Request: message thread not found");
        if (thread is null or 1 && chat.IsForum)
        {
            return null;
        }

        if (thread is null)
        {
            return null;
        }

        return chat.IsForum && thread is > 0 and <= int.MaxValue && chat.Topics.ContainsKey((int)thread)
            ? (int)thread
            : throw new BotApiException(400, "Bad Request: message thread not found");
    }

    /// <summary>getChatMember: a person's status in a group (<see cref="EmulatedMemberStatus"/>, or <c>left</c>), or the bot's own.</summary>
    private void GetChatMember(RequestArgs args, Utf8JsonWriter w)
    {
        var chat = ResolveChat(args);
        var userId = args.GetInt64("user_id", "Bad Request: invalid user_id specified")
            ?? throw new BotApiException(400, "Bad Request: invalid user_id specified");
        w.WriteStartObject();
        if (userId == BotId)
        {
            var admin = chat.Kind != ChatKind.Private && !chat.BotRemoved && chat.IsForum;
            w.WriteString("status", chat.BotRemoved ? "left" : admin ? "administrator" : "member");
            w.WritePropertyName("user");
            TelegramJson.WriteBot(w, BotId, BotFirstName, BotUsername, full: false);
            if (admin)
            {
                WriteAdministratorRights(w, chat.BotCanManageTopics);
            }

            w.WriteEndObject();
            return;
        }

        if (!_users.TryGetValue(userId, out var user) || (chat.Kind == ChatKind.Private && chat.Id != userId))
        {
            throw new BotApiException(400, "Bad Request: user not found");
        }

        var status = chat.Kind == ChatKind.Private ? EmulatedMemberStatus.Member : chat.Members.TryGetValue(userId, out var s) ? s : (EmulatedMemberStatus?)null;
        w.WriteString("status", status switch
        {
            EmulatedMemberStatus.Creator => "creator",
            EmulatedMemberStatus.Administrator => "administrator",
            EmulatedMemberStatus.Member => "member",
            _ => "left",
        });
        w.WritePropertyName("user");
        TelegramJson.WriteUser(w, user);
        if (status == EmulatedMemberStatus.Creator)
        {
            w.WriteBoolean("is_anonymous", false);
        }
        else if (status == EmulatedMemberStatus.Administrator)
        {
            WriteAdministratorRights(w, chat.IsForum);
        }

        w.WriteEndObject();
    }

    private static void WriteAdministratorRights(Utf8JsonWriter w, bool canManageTopics)
    {
        w.WriteBoolean("can_be_edited", false);
        w.WriteBoolean("is_anonymous", false);
        foreach (var right in (string[])["can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories", "can_pin_messages"])
        {
            w.WriteBoolean(right, true);
        }

        w.WriteBoolean("can_promote_members", false);
        w.WriteBoolean("can_manage_topics", canManageTopics);
    }

    /// <summary>createForumTopic: only in a forum, only when the bot may manage topics; the name is 1 to 128 characters.</summary>
    private void CreateForumTopic(RequestArgs args, Utf8JsonWriter w)
    {
        var chat = ResolveChat(args);
        EnsureWritable(chat);
        if (!chat.IsForum)
        {
            throw new BotApiException(400, "Bad Request: the chat is not a forum");
        }

        if (!chat.BotCanManageTopics)
        {
            throw new BotApiException(400, "Bad Request: not enough rights to create a topic");
        }

        var name = args.GetString("name");
        if (string.IsNullOrEmpty(name))
        {
            throw new BotApiException(400, "Bad Request: TOPIC_TITLE_EMPTY");
        }

        if (name.Length > 128)
        {
            throw new BotApiException(400, "Bad Request: TOPIC_TITLE_TOO_LONG");
        }

        var id = chat.AddTopic(name);
        w.WriteStartObject();
        w.WriteNumber("message_thread_id", id);
        w.WriteString("name", name);
        w.WriteNumber("icon_color", 7322096);
        w.WriteEndObject();
    }

    private void SendPhoto(RequestArgs args, Utf8JsonWriter w)
    {
        var chat = ResolveChat(args);
        EnsureWritable(chat);
        var photo = ResolvePhoto(args.GetString("photo"));
        var (caption, entities, parseMode) = PrepareCaption(args);
        var (keyboard, markupJson) = ParseReplyMarkup(args, inlineOnly: false);
        SendFromBot(chat, w, new RecordedMessage
        {
            ChatId = chat.Id,
            MessageId = 0,
            FromBot = true,
            FromUserId = BotId,
            Text = caption,
            Entities = entities,
            ParseMode = parseMode,
            SourceText = args.GetString("caption"),
            Photo = photo,
            InlineKeyboard = keyboard,
            ReplyMarkupJson = markupJson,
            DisableNotification = args.GetBool("disable_notification"),
            MessageThreadId = ThreadOf(chat, args),
        }, args.GetBool("allow_paid_broadcast"));
    }

    /// <summary>
    /// The picture of a <c>sendPhoto</c>: an http(s) URL (refused like Telegram refuses an unusable one when it contains
    /// <c>invalid</c> or was registered with <see cref="RejectPhotoUrl"/>), or a <c>file_id</c> this emulator gave out.
    /// A file upload is not supported.
    /// </summary>
    private RecordedPhoto ResolvePhoto(string? photo)
    {
        if (string.IsNullOrEmpty(photo))
        {
            throw new BotApiException(400, "Bad Request: there is no photo in the request");
        }

        if (photo.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || photo.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (_rejectedPhotoUrls.TryGetValue(photo, out var description))
            {
                throw new BotApiException(400, description);
            }

            if (photo.Contains("invalid", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(photo, UriKind.Absolute, out _))
            {
                throw new BotApiException(400, WrongFileIdentifier);
            }

            var number = Interlocked.Increment(ref _lastPhotoId);
            var created = new RecordedPhoto(
                string.Create(CultureInfo.InvariantCulture, $"AgACAgEmulatorPhoto{number:D8}"),
                string.Create(CultureInfo.InvariantCulture, $"AQADEmu{number:D8}"),
                photo);
            _photos[created.FileId] = created;
            return created;
        }

        // any of the sizes answered for a photo names it
        var fileId = photo.EndsWith("_s", StringComparison.Ordinal) || photo.EndsWith("_m", StringComparison.Ordinal) ? photo[..^2] : photo;
        return _photos.TryGetValue(fileId, out var known) ? known with { SourceUrl = null } : throw new BotApiException(400, WrongFileIdentifier);
    }

    private void DeleteMessage(RequestArgs args, Utf8JsonWriter w)
    {
        var chat = ResolveChat(args);
        var messageId = args.GetInt64("message_id", "Bad Request: message to delete not found")
            ?? throw new BotApiException(400, "Bad Request: message identifier is not specified");
        var now = _time.GetUtcNow();
        var deleted = chat.Update(messageId is > 0 and <= int.MaxValue ? (int)messageId : 0, "Bad Request: message to delete not found", current =>
        {
            if (!current.FromBot && chat.Kind != ChatKind.Private)
            {
                throw new BotApiException(400, "Bad Request: message can't be deleted");
            }

            return current with { DeletedAt = now };
        });
        Counters.MessageDeleted();
        OnRecorded(deleted);
        w.WriteBooleanValue(true);
    }

    private void AnswerCallbackQuery(RequestArgs args, Utf8JsonWriter w)
    {
        var id = args.GetString("callback_query_id");
        if (string.IsNullOrEmpty(id) || !_callbackQueries.TryGetValue(id, out var query))
        {
            throw new BotApiException(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }

        if (_time.GetUtcNow() - query.CreatedAt > _callbackQueryTimeout)
        {
            throw new BotApiException(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }

        var text = args.GetString("text");
        if (text is { Length: > 200 })
        {
            throw new BotApiException(400, "Bad Request: MESSAGE_TOO_LONG");
        }

        if (!query.TryAnswer(new CallbackQueryAnswer(string.IsNullOrEmpty(text) ? null : text, args.GetBool("show_alert"), args.GetString("url"))))
        {
            throw new BotApiException(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }

        w.WriteBooleanValue(true);
    }

    private void SetMyCommands(RequestArgs args, Utf8JsonWriter w)
    {
        var json = args.GetJson("commands", "Bad Request: can't parse commands JSON object");
        if (json is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new BotApiException(400, "Bad Request: parameter \"commands\" must be an Array");
        }

        if (array.GetArrayLength() > 100)
        {
            throw new BotApiException(400, "Bad Request: too many commands specified");
        }

        var commands = new List<RecordedBotCommand>();
        foreach (var item in array.EnumerateArray())
        {
            var command = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            var description = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            if (command.StartsWith('/'))
            {
                command = command[1..];
            }

            if (command.Length is 0 or > 32 || !command.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '_'))
            {
                throw new BotApiException(400, "Bad Request: BOT_COMMAND_INVALID");
            }

            if (description.Trim().Length is 0 or > 256)
            {
                throw new BotApiException(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
            }

            commands.Add(new RecordedBotCommand(command, description));
        }

        var key = CommandsKey(ScopeOf(args), LanguageOf(args));
        if (commands.Count == 0)
        {
            // an empty list is Telegram's way to delete the scope's commands
            _commands.TryRemove(key, out _);
        }
        else
        {
            _commands[key] = [.. commands];
        }

        w.WriteBooleanValue(true);
    }

    private void GetMyCommands(RequestArgs args, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var command in GetBotCommands(ScopeOf(args), LanguageOf(args)))
        {
            w.WriteStartObject();
            w.WriteString("command", command.Command);
            w.WriteString("description", command.Description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The key of a <c>setMyCommands</c>/<c>getMyCommands</c>/<c>deleteMyCommands</c> scope, checked as Telegram checks it:
    /// <c>default</c>, <c>all_private_chats</c>, <c>all_group_chats</c>, <c>all_chat_administrators</c>, or <c>chat</c>,
    /// <c>chat_administrators</c> (with a known <c>chat_id</c>; a group for the latter) and <c>chat_member</c> (a group's
    /// <c>chat_id</c> and a <c>user_id</c>).
    /// </summary>
    private string ScopeOf(RequestArgs args)
    {
        if (args.GetJson("scope", "Bad Request: can't parse BotCommandScope JSON object") is not { } scope)
        {
            return "default";
        }

        if (scope.ValueKind != JsonValueKind.Object || !scope.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new BotApiException(400, "Bad Request: can't parse BotCommandScope JSON object");
        }

        var type = typeElement.GetString()!;
        switch (type)
        {
            case "default" or "all_private_chats" or "all_group_chats" or "all_chat_administrators":
                return type;
            case "chat" or "chat_administrators" or "chat_member":
                var chat = ScopeChat(scope);
                if (type != "chat" && chat.Kind == ChatKind.Private)
                {
                    throw new BotApiException(400, "Bad Request: can't use this scope in private chats");
                }

                if (type != "chat_member")
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{type}:{chat.Id}");
                }

                if (!scope.TryGetProperty("user_id", out var user) || !user.TryGetInt64(out var userId))
                {
                    throw new BotApiException(400, "Bad Request: user not found");
                }

                return string.Create(CultureInfo.InvariantCulture, $"{type}:{chat.Id}:{userId}");
            default:
                throw new BotApiException(400, "Bad Request: wrong scope type specified");
        }
    }

    private ChatState ScopeChat(JsonElement scope)
    {
        long chatId = 0;
        var known = scope.TryGetProperty("chat_id", out var raw) && raw.ValueKind switch
        {
            JsonValueKind.Number => raw.TryGetInt64(out chatId),
            JsonValueKind.String => long.TryParse(raw.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId),
            _ => false,
        };
        return known && _chats.TryGetValue(chatId, out var chat) ? chat : throw new BotApiException(400, ChatNotFound);
    }

    /// <summary>A <c>language_code</c> of the command methods: empty or absent (every language), else two lower-case letters (ISO 639-1).</summary>
    private static string? LanguageOf(RequestArgs args)
    {
        var code = args.GetString("language_code");
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        return code.Length == 2 && code.All(char.IsAsciiLetterLower) ? code : throw new BotApiException(400, "Bad Request: invalid language code specified");
    }

    private ChatState ResolveChat(RequestArgs args)
    {
        var raw = args.GetString("chat_id");
        if (string.IsNullOrEmpty(raw))
        {
            throw new BotApiException(400, "Bad Request: chat_id is empty");
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId) || !_chats.TryGetValue(chatId, out var chat))
        {
            throw new BotApiException(400, ChatNotFound);
        }

        return chat;
    }

    private static void EnsureWritable(ChatState chat)
    {
        if (chat.MigratedTo is { } newId)
        {
            throw new BotApiException(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateToChatId: newId);
        }

        if (chat.Kind != ChatKind.Private && chat.BotRemoved)
        {
            throw new BotApiException(403, chat.Kind == ChatKind.Group ? "Forbidden: bot was kicked from the group chat" : "Forbidden: bot was kicked from the supergroup chat");
        }

        if (chat.Kind == ChatKind.Private)
        {
            if (chat.BotBlocked)
            {
                throw new BotApiException(403, "Forbidden: bot was blocked by the user");
            }

            if (!chat.BotStarted)
            {
                throw new BotApiException(403, "Forbidden: bot can't initiate conversation with a user");
            }
        }
    }

    /// <summary>
    /// Checks a message against the flood limits and counts it. The free limit counts the free messages; the paid limit
    /// (for a paid broadcast) counts every message. A paid broadcast that still fits the free limit is free; one beyond
    /// it costs 0.1 Star, refused with <c>BALANCE_TOO_LOW</c> when the balance cannot pay.
    /// </summary>
    private void AcquireSendSlot(ChatState chat, bool paidBroadcast)
    {
        if (_globalLimiter is null || _paidLimiter is null || chat.Limiter is null)
        {
            // limits off: no free limit to go beyond, nothing to pay
            return;
        }

        lock (_globalLimiter)
        {
            lock (chat.Limiter)
            {
                // the time is read under the locks: a call that waited for them is counted when it gets them, so the
                // accepted times are in order and a window is never judged from a moment already passed
                var now = _time.GetTimestamp();
                var freeWait = _globalLimiter.WaitTicks(now);
                var chatWait = chat.Limiter.WaitTicks(now);
                var wait = Math.Max(paidBroadcast ? _paidLimiter.WaitTicks(now) : freeWait, chatWait);
                if (wait > 0)
                {
                    var seconds = (int)Math.Ceiling(wait / (double)_time.TimestampFrequency);
                    throw TooManyRequests(Math.Max(1, seconds));
                }

                var free = freeWait == 0;
                if (!free)
                {
                    Pay();
                }
                else
                {
                    _globalLimiter.Add(now);
                }

                _paidLimiter.Add(now);
                chat.Limiter.Add(now);
            }
        }
    }

    /// <summary>Charges one paid-broadcast message to the Stars balance (refused when it cannot pay).</summary>
    private void Pay()
    {
        while (true)
        {
            var balance = Interlocked.Read(ref _starsBalanceTenths);
            if (balance < 0)
            {
                break;
            }

            if (balance == 0)
            {
                throw new BotApiException(400, "Bad Request: BALANCE_TOO_LOW");
            }

            if (Interlocked.CompareExchange(ref _starsBalanceTenths, balance - 1, balance) == balance)
            {
                break;
            }
        }

        Counters.PaidBroadcastMessage();
    }

    private static BotApiException TooManyRequests(int retryAfter) =>
        new(429, string.Create(CultureInfo.InvariantCulture, $"Too Many Requests: retry after {retryAfter}"), retryAfter: retryAfter);

    private static (string Text, List<RecordedEntity> Entities, string? ParseMode) PrepareText(RequestArgs args) =>
        PrepareText(args, "text", "entities", MaxTextLength, caption: false);

    private static (string Text, List<RecordedEntity> Entities, string? ParseMode) PrepareCaption(RequestArgs args) =>
        PrepareText(args, "caption", "caption_entities", MaxCaptionLength, caption: true);

    /// <summary>Parses a text or a caption; a caption may be empty and has its own limit.</summary>
    private static (string Text, List<RecordedEntity> Entities, string? ParseMode) PrepareText(RequestArgs args, string field, string entitiesField, int maxLength, bool caption)
    {
        var raw = args.GetString(field);
        if (string.IsNullOrEmpty(raw))
        {
            return caption ? (string.Empty, [], null) : throw new BotApiException(400, "Bad Request: message text is empty");
        }

        var parseMode = args.GetString("parse_mode");
        string text;
        List<RecordedEntity> entities;
        if (string.IsNullOrEmpty(parseMode))
        {
            parseMode = null;
            text = raw;
            entities = ParseEntities(args, raw.Length, entitiesField);
        }
        else if (parseMode.Equals("HTML", StringComparison.OrdinalIgnoreCase))
        {
            parseMode = "HTML";
            if (!TelegramHtmlParser.TryParse(raw, out text, out entities, out var error))
            {
                throw new BotApiException(400, "Bad Request: can't parse entities: " + error);
            }
        }
        else if (parseMode.Equals("MarkdownV2", StringComparison.OrdinalIgnoreCase) || parseMode.Equals("Markdown", StringComparison.OrdinalIgnoreCase))
        {
            throw new BotApiException(400, $"Bad Request: can't parse entities: parse mode \"{parseMode}\" is not supported by the emulator; use HTML");
        }
        else
        {
            throw new BotApiException(400, "Bad Request: unsupported parse_mode");
        }

        (text, entities) = Trim(text, entities);
        entities = AutoEntities.Add(text, entities);
        if (text.Length == 0 && !caption)
        {
            throw new BotApiException(400, "Bad Request: message text is empty");
        }

        // Telegram counts the limit in Unicode characters (code points), after entity parsing
        if (text.Length > maxLength && CountCodePoints(text) > maxLength)
        {
            throw new BotApiException(400, caption ? "Bad Request: message caption is too long" : "Bad Request: message is too long");
        }

        return (text, entities, parseMode);
    }

    private static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Telegram strips leading and trailing whitespace from a message and clips the entities to what remains.</summary>
    private static (string Text, List<RecordedEntity> Entities) Trim(string text, List<RecordedEntity> entities)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == 0 && end == text.Length)
        {
            return (text, entities);
        }

        var clipped = new List<RecordedEntity>(entities.Count);
        foreach (var entity in entities)
        {
            var from = Math.Max(entity.Offset, start);
            var to = Math.Min(entity.Offset + entity.Length, end);
            if (to > from)
            {
                clipped.Add(entity with { Offset = from - start, Length = to - from });
            }
        }

        return (text[start..end], clipped);
    }

    private static List<RecordedEntity> ParseEntities(RequestArgs args, int textLength, string field = "entities")
    {
        var entities = new List<RecordedEntity>();
        if (args.GetJson(field, "Bad Request: can't parse entities JSON object") is not { } json)
        {
            return entities;
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new BotApiException(400, "Bad Request: can't parse entities JSON object");
        }

        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("offset", out var offsetElement) || !offsetElement.TryGetInt32(out var offset)
                || !item.TryGetProperty("length", out var lengthElement) || !lengthElement.TryGetInt32(out var length))
            {
                throw new BotApiException(400, "Bad Request: can't parse MessageEntity JSON object");
            }

            // like Telegram, entities outside the text are dropped
            if (offset < 0 || length <= 0 || offset + length > textLength)
            {
                continue;
            }

            entities.Add(new RecordedEntity(type.GetString()!, offset, length)
            {
                Url = item.TryGetProperty("url", out var url) ? url.GetString() : null,
                Language = item.TryGetProperty("language", out var language) ? language.GetString() : null,
                CustomEmojiId = item.TryGetProperty("custom_emoji_id", out var emoji) ? emoji.GetString() : null,
                UserId = item.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object
                    && user.TryGetProperty("id", out var userId) && userId.TryGetInt64(out var id) ? id : null,
            });
        }

        TelegramHtmlParser.SortEntities(entities);
        return entities;
    }

    private static (IReadOnlyList<IReadOnlyList<RecordedButton>> Keyboard, string? Json) ParseReplyMarkup(RequestArgs args, bool inlineOnly)
    {
        if (args.GetJson("reply_markup", "Bad Request: can't parse reply keyboard markup JSON object") is not { } markup)
        {
            return ([], null);
        }

        if (markup.ValueKind != JsonValueKind.Object)
        {
            throw new BotApiException(400, "Bad Request: can't parse reply keyboard markup JSON object");
        }

        if (!markup.TryGetProperty("inline_keyboard", out var rows))
        {
            if (inlineOnly)
            {
                throw new BotApiException(400, "Bad Request: inline keyboard expected");
            }

            return ([], markup.GetRawText());
        }

        if (rows.ValueKind != JsonValueKind.Array)
        {
            throw new BotApiException(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array");
        }

        var keyboard = new List<IReadOnlyList<RecordedButton>>();
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                throw new BotApiException(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
            }

            var buttons = new List<RecordedButton>();
            foreach (var button in row.EnumerateArray())
            {
                if (button.ValueKind != JsonValueKind.Object || !button.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    throw new BotApiException(400, "Bad Request: can't parse inline keyboard button: Field \"text\" must be of type String");
                }

                var text = textElement.GetString()!;
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw new BotApiException(400, "Bad Request: BUTTON_TEXT_INVALID");
                }

                string? data = null;
                string? url = null;
                if (button.TryGetProperty("callback_data", out var dataElement))
                {
                    data = dataElement.GetString() ?? string.Empty;
                    var bytes = Encoding.UTF8.GetByteCount(data);
                    if (bytes is 0 or > 64)
                    {
                        throw new BotApiException(400, "Bad Request: BUTTON_DATA_INVALID");
                    }
                }

                if (button.TryGetProperty("url", out var urlElement))
                {
                    url = urlElement.GetString() ?? string.Empty;
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "tg"))
                    {
                        throw new BotApiException(400, "Bad Request: BUTTON_URL_INVALID");
                    }
                }

                if (data is null && url is null && !HasOtherAction(button))
                {
                    throw new BotApiException(400, "Bad Request: text buttons are unallowed in the inline keyboard");
                }

                buttons.Add(new RecordedButton(text, data, url));
            }

            keyboard.Add(buttons);
        }

        return (keyboard, markup.GetRawText());
    }

    /// <summary>
    /// A reply keyboard (<c>keyboard</c>: rows of strings or <c>KeyboardButton</c> objects) or its removal
    /// (<c>remove_keyboard</c>), with Telegram's errors; a <c>request_location</c> button only in a private chat.
    /// </summary>
    private static (IReadOnlyList<IReadOnlyList<RecordedKeyboardButton>> Keyboard, bool Remove) ParseReplyKeyboard(RequestArgs args, ChatState chat)
    {
        if (args.GetJson("reply_markup", "Bad Request: can't parse reply keyboard markup JSON object") is not { ValueKind: JsonValueKind.Object } markup)
        {
            return ([], false);
        }

        if (markup.TryGetProperty("remove_keyboard", out var remove))
        {
            if (remove.ValueKind != JsonValueKind.True)
            {
                throw new BotApiException(400, "Bad Request: can't parse reply keyboard markup JSON object");
            }

            return ([], true);
        }

        if (!markup.TryGetProperty("keyboard", out var rows))
        {
            return ([], false);
        }

        if (rows.ValueKind != JsonValueKind.Array)
        {
            throw new BotApiException(400, "Bad Request: field \"keyboard\" of the ReplyKeyboardMarkup must be an Array");
        }

        var keyboard = new List<IReadOnlyList<RecordedKeyboardButton>>();
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                throw new BotApiException(400, "Bad Request: field \"keyboard\" of the ReplyKeyboardMarkup must be an Array of Arrays");
            }

            var buttons = new List<RecordedKeyboardButton>();
            foreach (var button in row.EnumerateArray())
            {
                var (text, location) = button.ValueKind switch
                {
                    JsonValueKind.String => (button.GetString()!, false),
                    JsonValueKind.Object when button.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String =>
                        (t.GetString()!, button.TryGetProperty("request_location", out var l) && l.ValueKind == JsonValueKind.True),
                    _ => throw new BotApiException(400, "Bad Request: can't parse keyboard button: Field \"text\" must be of type String"),
                };
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw new BotApiException(400, "Bad Request: BUTTON_TEXT_INVALID");
                }

                if (location && chat.Kind != ChatKind.Private)
                {
                    throw new BotApiException(400, "Bad Request: location can be requested in a private chats only");
                }

                buttons.Add(new RecordedKeyboardButton(text, location));
            }

            keyboard.Add(buttons);
        }

        return (keyboard, false);
    }

    private static bool HasOtherAction(JsonElement button)
    {
        foreach (var property in button.EnumerateObject())
        {
            if (property.Name is "switch_inline_query" or "switch_inline_query_current_chat" or "switch_inline_query_chosen_chat"
                or "web_app" or "login_url" or "pay" or "callback_game" or "copy_text")
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameKeyboard(IReadOnlyList<IReadOnlyList<RecordedButton>> a, IReadOnlyList<IReadOnlyList<RecordedButton>> b) =>
        a.Count == b.Count && a.Zip(b).All(rows => rows.First.SequenceEqual(rows.Second));

    private void WriteMessage(Utf8JsonWriter w, RecordedMessage message, ChatState chat)
    {
        w.WriteStartObject();
        w.WriteNumber("message_id", message.MessageId);
        w.WritePropertyName("from");
        if (message.FromBot)
        {
            TelegramJson.WriteBot(w, BotId, BotFirstName, BotUsername, full: false);
        }
        else
        {
            TelegramJson.WriteUser(w, _users[message.FromUserId]);
        }

        if (message.MessageThreadId is { } thread)
        {
            w.WriteNumber("message_thread_id", thread);
            w.WriteBoolean("is_topic_message", true);
        }

        w.WritePropertyName("chat");
        TelegramJson.WriteChat(w, chat, full: false);
        w.WriteNumber("date", message.SentAt.ToUnixTimeSeconds());
        if (message.EditedAt is { } edited)
        {
            w.WriteNumber("edit_date", edited.ToUnixTimeSeconds());
        }

        if (message.Photo is { } photo)
        {
            w.WriteStartArray("photo");
            foreach (var (width, height, suffix) in PhotoSizes)
            {
                w.WriteStartObject();
                w.WriteString("file_id", photo.FileId + suffix);
                w.WriteString("file_unique_id", photo.FileUniqueId + suffix);
                w.WriteNumber("width", width);
                w.WriteNumber("height", height);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (message.Text.Length > 0)
            {
                w.WriteString("caption", message.Text);
            }

            if (message.Entities.Count > 0)
            {
                TelegramJson.WriteEntities(w, message.Entities, "caption_entities", MentionedUserName);
            }
        }
        else if (message.Location is { } location)
        {
            w.WriteStartObject("location");
            w.WriteNumber("latitude", location.Latitude);
            w.WriteNumber("longitude", location.Longitude);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("text", message.Text);
            if (message.Entities.Count > 0)
            {
                TelegramJson.WriteEntities(w, message.Entities, userNames: MentionedUserName);
            }
        }

        if (message.InlineKeyboard.Count > 0)
        {
            TelegramJson.WriteInlineKeyboard(w, message.InlineKeyboard);
        }

        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, BotApiException error)
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", false);
        w.WriteNumber("error_code", error.ErrorCode);
        w.WriteString("description", error.Message);
        if (error.RetryAfter is not null || error.MigrateToChatId is not null)
        {
            w.WriteStartObject("parameters");
            if (error.RetryAfter is { } retryAfter)
            {
                w.WriteNumber("retry_after", retryAfter);
            }

            if (error.MigrateToChatId is { } migrateTo)
            {
                w.WriteNumber("migrate_to_chat_id", migrateTo);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private async Task WriteErrorAsync(HttpContext context, BotApiException error)
    {
        Counters.Error(error.ErrorCode);
        var buffer = new ArrayBufferWriter<byte>(128);
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteError(writer, error);
        }

        context.Response.StatusCode = error.ErrorCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteServerErrorAsync(HttpContext context, int statusCode)
    {
        if (statusCode == 500)
        {
            await WriteErrorAsync(context, new BotApiException(500, "Internal Server Error")).ConfigureAwait(false);
            return;
        }

        if (statusCode == 401)
        {
            // the Bot API's answer to a revoked or wrong token, in its usual envelope
            await WriteErrorAsync(context, new BotApiException(401, "Unauthorized")).ConfigureAwait(false);
            return;
        }

        // Telegram's front proxy answers gateway errors with an HTML page, not the Bot API envelope
        Counters.Error(statusCode);
        var page = statusCode == 502 ? BadGatewayPage : Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"<html><body><h1>{statusCode}</h1></body></html>\r\n"));
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, context.RequestAborted).ConfigureAwait(false);
    }

    private string? MentionedUserName(long userId) => _users.TryGetValue(userId, out var mentioned) ? mentioned.FirstName : null;
}
