using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SnsTelegram.Sdk.Testing.Html;
using SnsTelegram.Sdk.Testing.Recording;
using SnsTelegram.Sdk.Testing.Server;

namespace SnsTelegram.Sdk.Testing;

public sealed partial class TelegramEmulator
{
    private const string WebhookActiveConflict = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
    private const string ConcurrentPollConflict = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

    private readonly Lock _updatesSync = new();
    private readonly List<PendingUpdate> _pending = [];
    private long _nextUpdateId;
    private TaskCompletionSource? _updatesChanged;
    private WebhookState? _webhook;
    private ActivePoll? _activePoll;
    private long _lastErrorDate;
    private string? _lastErrorMessage;

    /// <summary>The webhook URL the bot registered, or <see langword="null"/>.</summary>
    public string? WebhookUrl
    {
        get
        {
            lock (_updatesSync)
            {
                return _webhook?.Url;
            }
        }
    }

    /// <summary>The secret token the bot registered with its webhook, or <see langword="null"/>.</summary>
    public string? WebhookSecretToken
    {
        get
        {
            lock (_updatesSync)
            {
                return _webhook?.Secret;
            }
        }
    }

    /// <summary>Updates not yet delivered (webhook) or confirmed (<c>getUpdates</c> offset).</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (_updatesSync)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Queues a raw update: the JSON is delivered verbatim (to test malformed or unknown updates). The
    /// emulator still gives it the next update id for its own bookkeeping (<c>getUpdates</c> offsets), which it returns;
    /// it does not write that id into the JSON.</summary>
    public Task<long> SendRawUpdateAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Enqueue(_ => System.Text.Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>Waits until an update has been delivered: the webhook answered 2xx (or it was dropped after the last
    /// attempt), or <c>getUpdates</c> confirmed it with a higher offset.</summary>
    /// <exception cref="TimeoutException">Not delivered in time.</exception>
    public async Task WaitForDeliveryAsync(long updateId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task done;
        lock (_updatesSync)
        {
            var pending = _pending.Find(p => p.Id == updateId);
            if (pending is null)
            {
                if (updateId >= _nextUpdateId || updateId <= 0)
                {
                    throw new ArgumentException($"Update {updateId} was not created by this emulator.", nameof(updateId));
                }

                return;
            }

            done = pending.Done.Task;
        }

        try
        {
            await done.WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Update {updateId} was not delivered within {timeout}.");
        }
    }

    /// <summary>Waits until no update is pending.</summary>
    /// <exception cref="TimeoutException">Updates still pending after <paramref name="timeout"/>.</exception>
    public async Task WaitForAllDeliveredAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        long last;
        lock (_updatesSync)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            last = _pending[^1].Id;
        }

        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            Task? done = null;
            lock (_updatesSync)
            {
                if (_pending.Count > 0 && _pending[0].Id <= last)
                {
                    done = _pending[0].Done.Task;
                }
            }

            if (done is null)
            {
                return;
            }

            await WaitChangeAsync(done, deadline, () => $"{PendingUpdateCount} update(s) still pending after {timeout}.", cancellationToken).ConfigureAwait(false);
        }
    }

    internal Task<long> UserPressesStartAsync(EmulatedUser user, string? payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(user.Id);
        if (chat.BotBlocked)
        {
            chat.BotBlocked = false;
            EnqueueMyChatMember(user, chat, "kicked", "member");
        }

        chat.BotStarted = true;
        return UserSendsTextAsync(user, user.Id, payload is null ? "/start" : "/start " + payload, cancellationToken);
    }

    internal Task<long> UserSendsTextAsync(EmulatedUser user, long chatId, string text, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(chatId);
        if (chat.BotBlocked)
        {
            throw new InvalidOperationException("The user has blocked the bot; call UnblockAsync or PressStartAsync first.");
        }

        if (chat.MigratedTo is not null)
        {
            throw new InvalidOperationException("The group was upgraded to a supergroup; use its new id.");
        }

        if (chat.Kind != ChatKind.Private)
        {
            if (chat.BotRemoved)
            {
                throw new InvalidOperationException("The bot is not in the group; a member adds it with AddBotAsync first.");
            }

            chat.Members.TryAdd(user.Id, EmulatedMemberStatus.Member);
        }

        chat.BotStarted = true;
        var entities = AutoEntities.Add(text, []);
        var now = _time.GetUtcNow();
        var message = chat.Append(id => new RecordedMessage
        {
            ChatId = chat.Id,
            MessageId = id,
            FromBot = false,
            FromUserId = user.Id,
            Text = text,
            Entities = entities,
            SentAt = now,
        });
        OnRecorded(message);
        return Task.FromResult(EnqueueUpdate("message", w => WriteMessage(w, message, chat)));
    }

    internal Task<long> UserSharesLocationAsync(EmulatedUser user, double latitude, double longitude, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(user.Id);
        if (chat.BotBlocked)
        {
            throw new InvalidOperationException("The user has blocked the bot; call UnblockAsync or PressStartAsync first.");
        }

        var now = _time.GetUtcNow();
        var message = chat.Append(id => new RecordedMessage
        {
            ChatId = chat.Id,
            MessageId = id,
            FromBot = false,
            FromUserId = user.Id,
            Text = string.Empty,
            Location = new RecordedLocation(latitude, longitude),
            SentAt = now,
        });
        OnRecorded(message);
        return Task.FromResult(EnqueueUpdate("message", w => WriteMessage(w, message, chat)));
    }

    internal Task<long> UserAddsBotToGroupAsync(EmulatedUser user, long chatId, string? payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(chatId);
        if (chat.MigratedTo is not null)
        {
            throw new InvalidOperationException("The group was upgraded to a supergroup; use its new id.");
        }

        chat.Members.TryAdd(user.Id, EmulatedMemberStatus.Member);
        if (chat.BotRemoved)
        {
            chat.BotRemoved = false;
            EnqueueMyChatMember(user, chat, "left", "member");
        }

        var command = "/start@" + BotUsername;
        return UserSendsTextAsync(user, chat.Id, payload is null ? command : command + " " + payload, cancellationToken);
    }

    internal Task<long> UserRemovesBotFromGroupAsync(EmulatedUser user, long chatId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(chatId);
        if (chat.BotRemoved)
        {
            throw new InvalidOperationException("The bot is not in the group.");
        }

        chat.BotRemoved = true;
        return Task.FromResult(EnqueueMyChatMember(user, chat, "member", "left"));
    }

    internal Task<EmulatedCallbackQuery> UserPressesButtonAsync(EmulatedUser user, RecordedMessage message, string callbackData, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(message.ChatId);
        var current = chat.Find(message.MessageId);
        if (current is null || current.IsDeleted)
        {
            throw new InvalidOperationException($"Message {message.MessageId} in chat {message.ChatId} no longer exists.");
        }

        if (!current.Buttons.Any(b => b.CallbackData == callbackData))
        {
            throw new InvalidOperationException($"Message {message.MessageId} has no button with callback data \"{callbackData}\" (it has: {string.Join(", ", current.Buttons.Select(b => b.CallbackData ?? b.Url))}).");
        }

        if (chat.Kind == ChatKind.Private && chat.Id != user.Id)
        {
            throw new InvalidOperationException("A user can only press buttons in their own chat with the bot or in a group.");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue)}{RandomNumberGenerator.GetInt32(100_000_000, 999_999_999)}");
        var query = new EmulatedCallbackQuery(id, callbackData, chat.Id, current.MessageId, _time.GetUtcNow());
        _callbackQueries[id] = query;
        query.UpdateId = EnqueueUpdate("callback_query", w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WritePropertyName("from");
            TelegramJson.WriteUser(w, user);
            w.WritePropertyName("message");
            WriteMessage(w, current, chat);
            w.WriteString("chat_instance", string.Create(CultureInfo.InvariantCulture, $"{chat.Id ^ BotId}"));
            w.WriteString("data", callbackData);
            w.WriteEndObject();
        });
        return Task.FromResult(query);
    }

    internal Task<long> UserSetsBlockedAsync(EmulatedUser user, bool blocked, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chat = GetChatState(user.Id);
        if (chat.BotBlocked == blocked)
        {
            throw new InvalidOperationException(blocked ? "The user has already blocked the bot." : "The user has not blocked the bot.");
        }

        chat.BotBlocked = blocked;
        return Task.FromResult(EnqueueMyChatMember(user, chat, blocked ? "member" : "kicked", blocked ? "kicked" : "member"));
    }

    internal Task<long> UpgradeGroupAsync(EmulatedGroup group, long oldId, EmulatedUser? by, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var old = GetChatState(oldId);
        var newId = -(1_000_000_000_000 + 2_000_000_000 + Interlocked.Increment(ref _nextGroupSeq));
        var supergroup = new ChatState(newId, ChatKind.Supergroup, group.Title, null) { BotStarted = true, Limiter = CreateChatLimiter(ChatKind.Supergroup) };
        foreach (var (memberId, status) in old.Members)
        {
            supergroup.Members[memberId] = status;
        }

        _chats[newId] = supergroup;
        _groups[newId] = group;
        old.MigratedTo = newId;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        WriteServiceMessage(old, "migrate_to_chat_id", newId);
        WriteServiceMessage(supergroup, "migrate_from_chat_id", oldId);
        return Task.FromResult(newId);

        void WriteServiceMessage(ChatState chat, string field, long value)
        {
            var messageId = chat.Append(id => new RecordedMessage
            {
                ChatId = chat.Id,
                MessageId = id,
                FromBot = false,
                FromUserId = by?.Id ?? 0,
                Text = string.Empty,
                SentAt = _time.GetUtcNow(),
            }).MessageId;
            EnqueueUpdate("message", w =>
            {
                w.WriteStartObject();
                w.WriteNumber("message_id", messageId);
                if (by is not null)
                {
                    w.WritePropertyName("from");
                    TelegramJson.WriteUser(w, by);
                }

                w.WritePropertyName("chat");
                TelegramJson.WriteChat(w, chat, full: false);
                w.WriteNumber("date", now);
                w.WriteNumber(field, value);
                w.WriteEndObject();
            });
        }
    }

    private long EnqueueMyChatMember(EmulatedUser user, ChatState chat, string oldStatus, string newStatus) =>
        EnqueueUpdate("my_chat_member", w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("chat");
            TelegramJson.WriteChat(w, chat, full: false);
            w.WritePropertyName("from");
            TelegramJson.WriteUser(w, user);
            w.WriteNumber("date", _time.GetUtcNow().ToUnixTimeSeconds());
            WriteMember("old_chat_member", oldStatus);
            WriteMember("new_chat_member", newStatus);
            w.WriteEndObject();

            void WriteMember(string name, string status)
            {
                w.WriteStartObject(name);
                w.WriteString("status", status);
                w.WritePropertyName("user");
                TelegramJson.WriteBot(w, BotId, BotFirstName, BotUsername, full: false);
                if (status == "kicked")
                {
                    w.WriteNumber("until_date", 0);
                }

                w.WriteEndObject();
            }
        });

    private long EnqueueUpdate(string type, Action<Utf8JsonWriter> writeBody) =>
        Enqueue(updateId =>
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("update_id", updateId);
                w.WritePropertyName(type);
                writeBody(w);
                w.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        });

    private long Enqueue(Func<long, byte[]> build)
    {
        TaskCompletionSource? changed;
        long id;
        lock (_updatesSync)
        {
            id = _nextUpdateId++;
            _pending.Add(new PendingUpdate(id, build(id)));
            changed = _updatesChanged;
            _updatesChanged = null;
        }

        Counters.UpdateQueued();
        changed?.TrySetResult();
        return id;
    }

    private Task UpdatesChangedTask() =>
        (_updatesChanged ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void SignalUpdatesChanged()
    {
        var changed = _updatesChanged;
        _updatesChanged = null;
        changed?.TrySetResult();
    }

    private async ValueTask<string?> GetUpdatesAsync(RequestArgs args, Utf8JsonWriter w, CancellationToken aborted)
    {
        var offset = args.GetInt64("offset", "Bad Request: wrong parameter offset") ?? 0;
        var limit = (int)Math.Clamp(args.GetInt64("limit", "Bad Request: wrong parameter limit") ?? 100, 1, 100);
        var timeout = Math.Clamp(args.GetInt64("timeout", "Bad Request: wrong parameter timeout") ?? 0, 0, 50);
        using var poll = new ActivePoll();
        lock (_updatesSync)
        {
            if (_webhook is not null)
            {
                throw new BotApiException(409, WebhookActiveConflict);
            }

            if (_activePoll is { } previous)
            {
                previous.Terminate(ConcurrentPollConflict);
            }

            _activePoll = poll;
        }

        Counters.PollStarted();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, poll.Token, _stopping.Token);
        try
        {
            var deadline = TimeProvider.System.GetTimestamp() + (timeout * TimeProvider.System.TimestampFrequency);
            while (true)
            {
                Task changed;
                lock (_updatesSync)
                {
                    if (poll.Conflict is { } conflict)
                    {
                        throw new BotApiException(409, conflict);
                    }

                    var batch = TakeBatch(offset, limit);
                    if (batch.Count > 0 || timeout == 0)
                    {
                        w.WriteStartArray();
                        foreach (var update in batch)
                        {
                            w.WriteRawValue(update.Json, skipInputValidation: true);
                        }

                        w.WriteEndArray();
                        return null;
                    }

                    changed = UpdatesChangedTask();
                }

                var remaining = deadline - TimeProvider.System.GetTimestamp();
                if (remaining <= 0)
                {
                    w.WriteStartArray();
                    w.WriteEndArray();
                    return null;
                }

                try
                {
                    await changed.WaitAsync(TimeSpan.FromSeconds(remaining / (double)TimeProvider.System.TimestampFrequency), TimeProvider.System, linked.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // loop once more: answers what arrived or an empty list
                }
                catch (OperationCanceledException) when (poll.Conflict is not null)
                {
                    throw new BotApiException(409, poll.Conflict);
                }
            }
        }
        finally
        {
            Counters.PollEnded();
            lock (_updatesSync)
            {
                if (_activePoll == poll)
                {
                    _activePoll = null;
                }
            }
        }
    }

    /// <summary>Confirms the updates below <paramref name="offset"/> and returns the next ones. Under the lock.</summary>
    private List<PendingUpdate> TakeBatch(long offset, int limit)
    {
        if (offset < 0)
        {
            // the last -offset updates; earlier ones are forgotten
            var keep = (int)Math.Min(-offset, _pending.Count);
            ConfirmFirst(_pending.Count - keep);
        }
        else if (offset > 0)
        {
            var confirmed = 0;
            while (confirmed < _pending.Count && _pending[confirmed].Id < offset)
            {
                confirmed++;
            }

            ConfirmFirst(confirmed);
        }

        return _pending.Count <= limit ? [.. _pending] : _pending.GetRange(0, limit);
    }

    private void ConfirmFirst(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _pending[i].Done.TrySetResult();
        }

        _pending.RemoveRange(0, count);
    }

    private string SetWebhook(RequestArgs args, Utf8JsonWriter w)
    {
        var url = args.GetString("url") ?? string.Empty;
        if (url.Length == 0)
        {
            return DeleteWebhook(args, w);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            throw new BotApiException(400, "Bad Request: bad webhook: invalid webhook URL specified");
        }

        if (!(uri.IsLoopback && _options.AllowLoopbackWebhooks))
        {
            if (uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new BotApiException(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
            }

            if (uri.Port is not (80 or 88 or 443 or 8443))
            {
                throw new BotApiException(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
            }

            if (uri.IsLoopback)
            {
                throw new BotApiException(400, $"Bad Request: bad webhook: IP address {uri.Host} is reserved");
            }
        }

        var secret = args.GetString("secret_token");
        if (string.IsNullOrEmpty(secret))
        {
            secret = null;
        }
        else if (secret.Length > 256)
        {
            throw new BotApiException(400, "Bad Request: secret token is too long");
        }
        else if (!secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new BotApiException(400, "Bad Request: secret token contains unallowed characters");
        }

        var maxConnections = args.GetInt64("max_connections", "Bad Request: bad max_connections") ?? 40;
        if (maxConnections is < 1 or > 100)
        {
            throw new BotApiException(400, "Bad Request: bad webhook: max_connections must be between 1 and 100");
        }

        string[]? allowed = null;
        if (args.GetJson("allowed_updates", "Bad Request: can't parse allowed updates JSON object") is { ValueKind: JsonValueKind.Array } allowedJson)
        {
            allowed = [.. allowedJson.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
        }

        var drop = args.GetBool("drop_pending_updates");
        string description;
        lock (_updatesSync)
        {
            description = _webhook?.Url == url ? "Webhook is already set" : "Webhook was set";
            _webhook = new WebhookState(url, secret, (int)maxConnections, allowed);
            if (drop)
            {
                ConfirmFirst(_pending.Count);
            }

            _activePoll?.Terminate(WebhookActiveConflict);
            SignalUpdatesChanged();
        }

        w.WriteBooleanValue(true);
        return description;
    }

    private string DeleteWebhook(RequestArgs args, Utf8JsonWriter w)
    {
        var drop = args.GetBool("drop_pending_updates");
        string description;
        lock (_updatesSync)
        {
            description = _webhook is null ? "Webhook is already deleted" : "Webhook was deleted";
            _webhook = null;
            if (drop)
            {
                ConfirmFirst(_pending.Count);
            }

            SignalUpdatesChanged();
        }

        w.WriteBooleanValue(true);
        return description;
    }

    private void WriteWebhookInfo(Utf8JsonWriter w)
    {
        lock (_updatesSync)
        {
            w.WriteStartObject();
            w.WriteString("url", _webhook?.Url ?? string.Empty);
            w.WriteBoolean("has_custom_certificate", false);
            w.WriteNumber("pending_update_count", _pending.Count);
            if (_webhook is { } hook)
            {
                w.WriteString("ip_address", "127.0.0.1");
                w.WriteNumber("max_connections", hook.MaxConnections);
                if (hook.AllowedUpdates is { } allowed)
                {
                    w.WriteStartArray("allowed_updates");
                    foreach (var type in allowed)
                    {
                        w.WriteStringValue(type);
                    }

                    w.WriteEndArray();
                }
            }

            if (_lastErrorMessage is not null)
            {
                w.WriteNumber("last_error_date", _lastErrorDate);
                w.WriteString("last_error_message", _lastErrorMessage);
            }

            w.WriteEndObject();
        }
    }

    /// <summary>Posts pending updates to the webhook one at a time, in order, retrying failures with a doubling delay
    /// (real time) and dropping an update after <see cref="TelegramEmulatorOptions.WebhookMaxAttempts"/> attempts.</summary>
    private async Task DeliverWebhooksAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            PendingUpdate? next = null;
            WebhookState? hook;
            Task changed;
            lock (_updatesSync)
            {
                hook = _webhook;
                if (hook is not null && _pending.Count > 0)
                {
                    next = _pending[0];
                }

                changed = UpdatesChangedTask();
            }

            if (next is null || hook is null)
            {
                await changed.WaitAsync(stopping).ConfigureAwait(false);
                continue;
            }

            var error = await PostUpdateAsync(hook, next, stopping).ConfigureAwait(false);
            if (error is null)
            {
                Counters.WebhookDelivered();
                Remove(next);
                continue;
            }

            Counters.WebhookFailed();
            next.Attempts++;
            EmulatorLog.WebhookFailed(_logger, next.Id, next.Attempts, error);
            lock (_updatesSync)
            {
                _lastErrorDate = _time.GetUtcNow().ToUnixTimeSeconds();
                _lastErrorMessage = error;
            }

            if (next.Attempts >= _options.WebhookMaxAttempts)
            {
                Counters.UpdateDropped();
                EmulatorLog.UpdateDropped(_logger, next.Id, next.Attempts);
                Remove(next);
                continue;
            }

            var delay = TimeSpan.FromTicks(Math.Min(_options.WebhookMaxRetryDelay.Ticks, _options.WebhookRetryDelay.Ticks * (1L << Math.Min(next.Attempts - 1, 20))));
            await Task.Delay(delay, TimeProvider.System, stopping).ConfigureAwait(false);
        }

        void Remove(PendingUpdate update)
        {
            lock (_updatesSync)
            {
                _pending.Remove(update);
            }

            update.Done.TrySetResult();
        }
    }

    private async Task<string?> PostUpdateAsync(WebhookState hook, PendingUpdate update, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(update.Json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (hook.Secret is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", hook.Secret);
        }

        try
        {
            using var response = await _webhookClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"Wrong response from the webhook: {(int)response.StatusCode} {ReasonPhrase(response.StatusCode)}");
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError == HttpRequestError.ConnectionError ? "Connection refused" : "Connection error: " + ex.HttpRequestError;
        }
        catch (TaskCanceledException) when (!stopping.IsCancellationRequested)
        {
            return "Read timeout expired";
        }
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.BadRequest => "Bad Request",
        _ => status.ToString(),
    };

    private sealed class PendingUpdate(long id, byte[] json)
    {
        public long Id { get; } = id;

        public byte[] Json { get; } = json;

        public int Attempts { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record WebhookState(string Url, string? Secret, int MaxConnections, string[]? AllowedUpdates);

    private sealed class ActivePoll : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();

        public CancellationToken Token => _cts.Token;

        public string? Conflict { get; private set; }

        public void Terminate(string reason)
        {
            Conflict ??= reason;
            _cts.Cancel();
        }

        public void Dispose() => _cts.Dispose();
    }
}
