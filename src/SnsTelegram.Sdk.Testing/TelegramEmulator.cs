using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SnsTelegram.Sdk.Testing.Recording;
using SnsTelegram.Sdk.Testing.Server;

namespace SnsTelegram.Sdk.Testing;

/// <summary>A Telegram Bot API emulator on 127.0.0.1 for tests, offline demos and benchmarks. Point a
/// <c>TelegramBotClient</c> at <see cref="BaseUrl"/> with <see cref="BotToken"/>; simulate people with
/// <see cref="CreateUser"/> and <see cref="CreateGroup(string)"/>; assert on what the bot sent with
/// <see cref="GetMessages"/> and <see cref="WaitForMessageAsync(long, TimeSpan, CancellationToken)"/>; inject
/// faults through <see cref="Faults"/>. Thread-safe.</summary>
public sealed partial class TelegramEmulator : IAsyncDisposable
{
    private readonly TelegramEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _callbackQueryTimeout;
    private readonly ConcurrentDictionary<long, ChatState> _chats = new();
    private readonly ConcurrentDictionary<long, EmulatedUser> _users = new();
    private readonly ConcurrentDictionary<long, EmulatedGroup> _groups = new();
    private readonly ConcurrentDictionary<string, EmulatedCallbackQuery> _callbackQueries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecordedBotCommand[]> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecordedPhoto> _photos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _rejectedPhotoUrls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _lastPhotoId;
    private readonly SlidingWindowLimiter? _globalLimiter;
    private readonly SlidingWindowLimiter? _paidLimiter;
    private long _starsBalanceTenths;
    private readonly ILogger _logger;
    private readonly HttpClient _webhookClient;
    private WebApplication? _app;
    private Task _webhookLoop = Task.CompletedTask;
    private long _nextUserId = 7_900_000_000;
    private long _nextGroupSeq;
    private int _disposed;

    private TelegramEmulator(TelegramEmulatorOptions options)
    {
        Validate(options);
        _options = options;
        _time = options.TimeProvider;
        _callbackQueryTimeout = options.CallbackQueryTimeout;
        BotToken = options.BotToken ?? GenerateToken();
        BotId = long.Parse(BotToken.AsSpan(0, BotToken.IndexOf(':', StringComparison.Ordinal)), provider: System.Globalization.CultureInfo.InvariantCulture);
        BotUsername = options.BotUsername;
        BotFirstName = options.BotFirstName;
        Faults = new TelegramEmulatorFaults(options.Latency, options.LatencyJitter);
        Counters = new TelegramEmulatorCounters();
        _logger = options.LoggerFactory?.CreateLogger<TelegramEmulator>() ?? NullLogger<TelegramEmulator>.Instance;
        if (options.RateLimits.Enabled)
        {
            _globalLimiter = new SlidingWindowLimiter(options.RateLimits.GlobalMessagesPerSecond, _time.TimestampFrequency);
            _paidLimiter = new SlidingWindowLimiter(options.RateLimits.PaidBroadcastMessagesPerSecond, _time.TimestampFrequency);
        }

        _webhookClient = options.WebhookHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });
        _webhookClient.Timeout = TimeSpan.FromSeconds(15);
        _starsBalanceTenths = options.StarsBalance is { } balance ? (long)decimal.Floor(balance * 10) : -1;
        _nextUpdateId = RandomNumberGenerator.GetInt32(10_000_000, 90_000_000);
    }

    /// <summary>The base URL to give Telegram.Bot (<c>new TelegramBotClientOptions(BotToken, BaseUrl)</c>), e.g.
    /// <c>http://127.0.0.1:49152</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The token the emulator accepts (<c>&lt;digits&gt;:&lt;secret&gt;</c>, random per instance unless configured).</summary>
    public string BotToken { get; }

    /// <summary>The bot's user id (the digits before the colon of the token).</summary>
    public long BotId { get; }

    /// <summary>The bot's username without <c>@</c>.</summary>
    public string BotUsername { get; }

    /// <summary>The bot's display name.</summary>
    public string BotFirstName { get; }

    /// <summary>Fault injection: errors, delays, dropped connections, latency.</summary>
    public TelegramEmulatorFaults Faults { get; }

    /// <summary>Counters of calls, answers and deliveries.</summary>
    public TelegramEmulatorCounters Counters { get; }

    /// <summary>The simulated users created so far.</summary>
    public IReadOnlyCollection<EmulatedUser> Users => [.. _users.Values.OrderBy(u => u.Id)];

    /// <summary>The simulated groups created so far.</summary>
    public IReadOnlyCollection<EmulatedGroup> Groups => [.. _groups.Values];

    /// <summary>Raised after a message was recorded, edited or deleted (bot and user messages), outside the
    /// emulator's locks, on the thread that handled the call.</summary>
    public event EventHandler<RecordedMessageEventArgs>? MessageRecorded;

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (random token, Telegram's rate limits).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<TelegramEmulator> StartAsync(TelegramEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new TelegramEmulator(options ?? new TelegramEmulatorOptions());
        try
        {
            await emulator.StartServerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulator;
    }

    /// <summary>Creates a simulated user with a private chat with the bot.</summary>
    /// <param name="firstName">First name.</param>
    /// <param name="lastName">Last name, or <see langword="null"/>.</param>
    /// <param name="username">Username without <c>@</c>, or <see langword="null"/>.</param>
    /// <param name="languageCode">The client's language (<c>en</c>, <c>ko</c>, ...).</param>
    /// <param name="hasStartedBot">Whether the user already has a chat with the bot. A user who never pressed Start
    /// cannot be written to: Telegram answers 403 <c>Forbidden: bot can't initiate conversation with a user</c>.</param>
    public EmulatedUser CreateUser(string firstName = "Test", string? lastName = null, string? username = null, string languageCode = "en", bool hasStartedBot = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(firstName);
        ArgumentException.ThrowIfNullOrWhiteSpace(languageCode);
        var id = Interlocked.Increment(ref _nextUserId);
        var user = new EmulatedUser(this, id, firstName, lastName, username, languageCode);
        var chat = new ChatState(id, ChatKind.Private, null, user) { BotStarted = hasStartedBot };
        chat.Limiter = CreateChatLimiter(ChatKind.Private);
        _chats[id] = chat;
        _users[id] = user;
        return user;
    }

    /// <summary>Creates a simulated (basic) group with the bot as a member.</summary>
    public EmulatedGroup CreateGroup(string title = "Test group")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var id = -(4_100_000_000 + Interlocked.Increment(ref _nextGroupSeq));
        var chat = new ChatState(id, ChatKind.Group, title, null) { BotStarted = true, Limiter = CreateChatLimiter(ChatKind.Group) };
        _chats[id] = chat;
        var group = new EmulatedGroup(this, id, title);
        _groups[id] = group;
        return group;
    }

    /// <summary>Creates a simulated group; with <paramref name="botIsMember"/> false the bot is not in it yet (a member
    /// adds it with <see cref="EmulatedGroup.AddBotAsync"/>, the <c>startgroup</c> link).</summary>
    public EmulatedGroup CreateGroup(string title, bool botIsMember)
    {
        var group = CreateGroup(title);
        GetChatState(group.Id).BotRemoved = !botIsMember;
        return group;
    }

    /// <summary>
    /// Creates a forum supergroup (<c>is_forum</c>) with the bot as an administrator; with
    /// <paramref name="botCanManageTopics"/> the bot may create topics (<c>createForumTopic</c>), otherwise Telegram
    /// refuses it and the bot can write only to the General topic or to topics that exist.
    /// </summary>
    public EmulatedGroup CreateForumGroup(string title = "Test forum", bool botCanManageTopics = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var id = -(1_000_000_000_000 + 2_000_000_000 + Interlocked.Increment(ref _nextGroupSeq));
        var chat = new ChatState(id, ChatKind.Supergroup, title, null)
        {
            BotStarted = true,
            Limiter = CreateChatLimiter(ChatKind.Supergroup),
            IsForum = true,
            BotCanManageTopics = botCanManageTopics,
        };
        _chats[id] = chat;
        var group = new EmulatedGroup(this, id, title, supergroup: true, forum: true);
        _groups[id] = group;
        return group;
    }

    internal bool GroupHasBot(long chatId) => !GetChatState(chatId).BotRemoved;

    internal IReadOnlyDictionary<int, string> GetTopics(long chatId) => GetChatState(chatId).Topics.ToDictionary();

    internal bool DeleteTopic(long chatId, int messageThreadId) => GetChatState(chatId).Topics.TryRemove(messageThreadId, out _);

    internal void SetGroupMember(long chatId, EmulatedUser user, EmulatedMemberStatus status) => GetChatState(chatId).Members[user.Id] = status;

    /// <summary>
    /// Makes <c>sendPhoto</c> with this exact URL fail as Telegram fails for a picture it cannot use (by default
    /// 400 <c>Bad Request: failed to get HTTP URL content</c>). URLs that contain <c>invalid</c> always fail, with
    /// 400 <c>Bad Request: wrong file identifier/HTTP URL specified</c>.
    /// </summary>
    /// <param name="url">The photo URL.</param>
    /// <param name="description">Telegram's error description to answer with (a 400).</param>
    public void RejectPhotoUrl(string url, string description = "Bad Request: failed to get HTTP URL content")
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(description);
        _rejectedPhotoUrls[url] = description;
    }

    /// <summary>The simulated user with this id, or <see langword="null"/>.</summary>
    public EmulatedUser? FindUser(long userId) => _users.GetValueOrDefault(userId);

    /// <summary>The bot's messages in a chat (current versions, deleted ones flagged), in the order sent.</summary>
    public IReadOnlyList<RecordedMessage> GetMessages(long chatId) =>
        _chats.TryGetValue(chatId, out var chat) ? chat.Snapshot(botOnly: true) : [];

    /// <summary>The whole conversation of a chat: the bot's messages and the simulated people's, in order.</summary>
    public IReadOnlyList<RecordedMessage> GetConversation(long chatId) =>
        _chats.TryGetValue(chatId, out var chat) ? chat.Snapshot(botOnly: false) : [];

    /// <summary>The commands the bot registered with <c>setMyCommands</c> for a scope (<c>default</c>,
    /// <c>all_private_chats</c>, <c>all_group_chats</c>, <c>all_chat_administrators</c>, <c>chat:&lt;chat id&gt;</c>,
    /// <c>chat_administrators:&lt;chat id&gt;</c>, <c>chat_member:&lt;chat id&gt;:&lt;user id&gt;</c>) and language
    /// (<see langword="null"/>: no language).</summary>
    public IReadOnlyList<RecordedBotCommand> GetBotCommands(string scope = "default", string? languageCode = null) =>
        _commands.GetValueOrDefault(CommandsKey(scope, languageCode)) ?? [];

    /// <summary>
    /// The command menu <paramref name="user"/> sees in a chat, chosen as Telegram chooses it: the narrowest scope that has
    /// commands, each first in the user's language (the first two letters of <see cref="EmulatedUser.LanguageCode"/>),
    /// then without a language. In a private chat: <c>chat</c>, <c>all_private_chats</c>, <c>default</c>; in a group:
    /// <c>chat_member</c>, <c>chat_administrators</c> (administrators and the creator), <c>chat</c>,
    /// <c>all_chat_administrators</c> (the same), <c>all_group_chats</c>, <c>default</c>.
    /// </summary>
    /// <param name="user">A simulated user.</param>
    /// <param name="chatId">The user's private chat or a group the user is in.</param>
    public IReadOnlyList<RecordedBotCommand> GetCommandMenu(EmulatedUser user, long chatId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var chat = GetChatState(chatId);
        var id = chat.Id.ToString(CultureInfo.InvariantCulture);
        string[] scopes;
        if (chat.Kind == ChatKind.Private)
        {
            scopes = [$"chat:{id}", "all_private_chats", "default"];
        }
        else
        {
            var admin = chat.Members.TryGetValue(user.Id, out var status) && status is EmulatedMemberStatus.Administrator or EmulatedMemberStatus.Creator;
            var member = string.Create(CultureInfo.InvariantCulture, $"chat_member:{id}:{user.Id}");
            scopes = admin
                ? [member, $"chat_administrators:{id}", $"chat:{id}", "all_chat_administrators", "all_group_chats", "default"]
                : [member, $"chat:{id}", "all_group_chats", "default"];
        }

        var language = user.LanguageCode is { Length: >= 2 } code ? code[..2].ToLowerInvariant() : null;
        foreach (var scope in scopes)
        {
            if ((language is not null ? _commands.GetValueOrDefault(CommandsKey(scope, language)) : null) is { Length: > 0 } localized)
            {
                return localized;
            }

            if (_commands.GetValueOrDefault(CommandsKey(scope, null)) is { Length: > 0 } commands)
            {
                return commands;
            }
        }

        return [];
    }

    /// <summary>Waits for the next bot message to a chat that no earlier call of this method returned (messages
    /// already sent count, in order).</summary>
    /// <exception cref="TimeoutException">No such message arrived in time.</exception>
    public async Task<RecordedMessage> WaitForMessageAsync(long chatId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var chat = GetChatState(chatId);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (chat.TakeNext(out var changed) is { } message)
            {
                return message;
            }

            await WaitChangeAsync(changed, deadline, () => $"No new message to chat {chatId} within {timeout} ({chat.Snapshot(botOnly: true).Length} recorded).", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a bot message in a chat that matches <paramref name="predicate"/> (already recorded or
    /// future; edits count, so it can wait for an edit).</summary>
    /// <exception cref="TimeoutException">No such message arrived in time.</exception>
    public async Task<RecordedMessage> WaitForMessageAsync(long chatId, Func<RecordedMessage, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var messages = await WaitForMessagesAsync(chatId, 1, predicate, timeout, cancellationToken).ConfigureAwait(false);
        return messages[0];
    }

    /// <summary>Waits until a chat has at least <paramref name="count"/> bot messages and returns all of them.</summary>
    /// <exception cref="TimeoutException">Fewer messages arrived in time.</exception>
    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(long chatId, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForMessagesAsync(chatId, count, static _ => true, timeout, cancellationToken);

    private async Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(long chatId, int count, Func<RecordedMessage, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var chat = GetChatState(chatId);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (chat.Matching(predicate, count, out var changed) is { } matches)
            {
                return matches;
            }

            await WaitChangeAsync(changed, deadline, () => $"Expected {count} matching message(s) in chat {chatId} within {timeout}; {chat.Snapshot(botOnly: true).Count(predicate)} recorded.", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitChangeAsync(Task changed, long deadline, Func<string> timeoutMessage, CancellationToken cancellationToken)
    {
        var remaining = TimeSpan.FromSeconds((deadline - TimeProvider.System.GetTimestamp()) / (double)TimeProvider.System.TimestampFrequency);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException(timeoutMessage());
        }

        try
        {
            await changed.WaitAsync(remaining, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(timeoutMessage());
        }
    }

    /// <summary>Stops the server and the webhook delivery; pending long polls end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // connections still open after the grace period are closed by DisposeAsync
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _webhookLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    internal ChatState GetChatState(long chatId) =>
        _chats.TryGetValue(chatId, out var chat) ? chat : throw new ArgumentException($"The emulator has no chat {chatId}.", nameof(chatId));

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(TelegramEmulator).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, _options.Port);
        });
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // the server itself stays silent: ASP.NET Core's request logs would carry the bot token, which is in every URL;
        // only the emulator's own messages go to TelegramEmulatorOptions.LoggerFactory
        var app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _webhookLoop = Task.Run(() => DeliverWebhooksAsync(_stopping.Token), CancellationToken.None);
    }

    private SlidingWindowLimiter? CreateChatLimiter(ChatKind kind)
    {
        var limits = _options.RateLimits;
        if (!limits.Enabled)
        {
            return null;
        }

        return kind == ChatKind.Private
            ? new SlidingWindowLimiter(limits.PrivateChatBurst, _time.TimestampFrequency * limits.PrivateChatBurst / limits.PrivateChatMessagesPerSecond)
            : new SlidingWindowLimiter(limits.GroupMessagesPerMinute, _time.TimestampFrequency * 60);
    }

    private static string CommandsKey(string? scope, string? languageCode) => $"{(string.IsNullOrEmpty(scope) ? "default" : scope)}|{languageCode ?? string.Empty}";

    private static string GenerateToken()
    {
        // "<7 digits>:<35 characters>": the shape Telegram.Bot accepts; the secret never starts with "AA" so it cannot be
        // mistaken for a real token by secret scanners
        var digits = RandomNumberGenerator.GetInt32(1_000_000);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var secret = RandomNumberGenerator.GetString(Alphabet, 32);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"7{digits:D6}:EMU{secret}");
    }

    private static void Validate(TelegramEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BotToken is { } token)
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon is < 1 or > 16 || !token[..colon].All(char.IsAsciiDigit) || colon == token.Length - 1
                || !token[(colon + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new ArgumentException("TelegramEmulatorOptions.BotToken must look like a bot token: <digits>:<A-Za-z0-9_->.", nameof(options));
            }
        }

        if (string.IsNullOrWhiteSpace(options.BotUsername) || string.IsNullOrWhiteSpace(options.BotFirstName))
        {
            throw new ArgumentException("TelegramEmulatorOptions.BotUsername and BotFirstName must not be empty.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("TelegramEmulatorOptions.Port must be 0 to 65535.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentNullException.ThrowIfNull(options.RateLimits);
        var limits = options.RateLimits;
        if (limits.Enabled && (limits.GlobalMessagesPerSecond < 1 || limits.PrivateChatMessagesPerSecond < 1 || limits.PrivateChatBurst < 1 || limits.GroupMessagesPerMinute < 1))
        {
            throw new ArgumentException("TelegramEmulatorOptions.RateLimits values must be at least 1 when limits are enabled.", nameof(options));
        }

        if (limits.Enabled && limits.PaidBroadcastMessagesPerSecond < limits.GlobalMessagesPerSecond)
        {
            throw new ArgumentException("TelegramEmulatorOptions.RateLimits.PaidBroadcastMessagesPerSecond must not be below GlobalMessagesPerSecond.", nameof(options));
        }

        if (options.LatencyJitter < TimeSpan.Zero || options.StarsBalance < 0)
        {
            throw new ArgumentException("TelegramEmulatorOptions: LatencyJitter and StarsBalance must not be negative.", nameof(options));
        }

        if (options.CallbackQueryTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("TelegramEmulatorOptions.CallbackQueryTimeout must be positive.", nameof(options));
        }

        if (options.WebhookMaxAttempts < 1 || options.WebhookRetryDelay < TimeSpan.Zero || options.WebhookMaxRetryDelay < options.WebhookRetryDelay || options.Latency < TimeSpan.Zero)
        {
            throw new ArgumentException("TelegramEmulatorOptions: WebhookMaxAttempts must be at least 1, delays and latency must not be negative, and WebhookMaxRetryDelay must not be below WebhookRetryDelay.", nameof(options));
        }
    }

    private void OnRecorded(RecordedMessage message)
    {
        var handler = MessageRecorded;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new RecordedMessageEventArgs(message));
        }
        catch (Exception ex)
        {
            EmulatorLog.HandlerFailed(_logger, ex);
        }
    }

    private sealed class QuietHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
