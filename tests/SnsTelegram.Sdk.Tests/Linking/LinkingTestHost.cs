using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Tests.Linking;

/// <summary>One Bot API call the library made.</summary>
internal sealed record BotApiCall(string Method, JsonElement Body)
{
    public long ChatId => Body.TryGetProperty("chat_id", out var id) ? id.GetInt64() : 0;

    public string Text => Body.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty;
}

/// <summary>A Bot API stand-in at the HTTP level: records calls and answers like Telegram, or with a chosen error.</summary>
internal sealed class FakeBotApi : HttpMessageHandler
{
    private int _messageId;

    public ConcurrentQueue<BotApiCall> Calls { get; } = new();

    /// <summary>When set, answers sendMessage with this error: (error_code, description, extra parameters json or null).</summary>
    public (int Code, string Description, string? Parameters)? SendMessageError { get; set; }

    /// <summary>When set, answers answerCallbackQuery with this error, like <see cref="SendMessageError"/>.</summary>
    public (int Code, string Description, string? Parameters)? AnswerCallbackError { get; set; }

    public IReadOnlyList<BotApiCall> Sent(long chatId) => Calls.Where(c => c.Method == "sendMessage" && c.ChatId == chatId).ToList();

    public IReadOnlyList<BotApiCall> Method(string method) => Calls.Where(c => c.Method == method).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.Segments[^1];
        var json = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "{}" : json);
        var call = new BotApiCall(method, document.RootElement.Clone());
        Calls.Enqueue(call);
        if ((method == "sendMessage" ? SendMessageError : method == "answerCallbackQuery" ? AnswerCallbackError : null) is { } error)
        {
            var parameters = error.Parameters is null ? string.Empty : $",\"parameters\":{error.Parameters}";
            return Answer((HttpStatusCode)error.Code, $"{{\"ok\":false,\"error_code\":{error.Code},\"description\":{JsonSerializer.Serialize(error.Description)}{parameters}}}");
        }

        var result = method switch
        {
            "sendMessage" => $"{{\"message_id\":{Interlocked.Increment(ref _messageId)},\"date\":1772101800,\"chat\":{{\"id\":{call.ChatId},\"type\":\"private\"}},\"text\":\"x\"}}",
            "getUpdates" => "[]",
            "getMe" => "{\"id\":123456,\"is_bot\":true,\"first_name\":\"Test\",\"username\":\"sns_test_bot\"}",
            // every sender is the group's creator here (who may link a group is tested against the emulator)
            "getChatMember" => $"{{\"status\":\"creator\",\"user\":{{\"id\":{call.Body.GetProperty("user_id").GetInt64()},\"is_bot\":false,\"first_name\":\"Mina\"}},\"is_anonymous\":false}}",
            _ => "true",
        };
        return Answer(HttpStatusCode.OK, $"{{\"ok\":true,\"result\":{result}}}");
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

/// <summary>The library's services with in-memory stores, a fake clock and a fake Bot API.</summary>
internal sealed class LinkingTestHost : IAsyncDisposable
{
    public const string BotToken = "123456:TEST-abcdefghijklmnopqrstuvwxyz0123";
    public const string BotUsername = "sns_test_bot";
    public const string Secret = "webhook-secret_1";

    private int _updateId;

    public LinkingTestHost(Action<SnsTelegramOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddSnsTelegram(o =>
        {
            o.BotToken = BotToken;
            o.BotUsername = BotUsername;
            o.WebhookSecret = Secret;
            o.UpdateMode = TelegramUpdateMode.Webhook;

            // the fake clock stands still: a rate-limit wait would never end (the limiter is tested on its own)
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
            o.Delivery.GroupMessagesPerMinute = 0;
            configure?.Invoke(o);
        });
        collection.AddSingleton<ITelegramBotClient>(new TelegramBotClient(new TelegramBotClientOptions(BotToken, "http://bot-api.test") { RetryCount = 0 }, new HttpClient(Api)));
        services?.Invoke(collection);
        Services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 2, 26, 10, 30, 0, TimeSpan.Zero));

    public FakeBotApi Api { get; } = new();

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public IChatLinkStore Links => Get<IChatLinkStore>();

    public LinkTokenService Tokens => Get<LinkTokenService>();

    public UpdateRouter Router => Get<UpdateRouter>();

    public int NextUpdateId() => Interlocked.Increment(ref _updateId);

    public async Task<string> IssueTokenAsync(string userId) =>
        (await Tokens.IssueDeepLinkAsync(userId, CancellationToken.None)).Issued!.Token;

    /// <summary>Routes a text message, then delivers what it queued (the bot's replies go through the outbox).</summary>
    public async Task<UpdateOutcome> SendTextAsync(long chatId, string text, string? language = "en", ChatType chatType = ChatType.Private, long? fromId = null)
    {
        var outcome = await Router.HandleAsync(TextUpdate(NextUpdateId(), chatId, text, language, chatType, fromId), CancellationToken.None);
        await DeliverQueuedAsync();
        return outcome;
    }

    /// <summary>
    /// Runs the library's outbox dispatcher until every due message in the outbox has been sent or given up, then stops
    /// it: the bot's replies are queued, and this is how they reach the (fake) Bot API.
    /// </summary>
    public async Task DeliverQueuedAsync()
    {
        var outbox = Get<IOutboxStore>();
        var dispatcher = Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitUntilAsync(
                async () => (await outbox.GetStatsAsync(Time.GetUtcNow())).Due == 0,
                "the dispatcher delivers every queued message");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    public static Update TextUpdate(int updateId, long chatId, string text, string? language = "en", ChatType chatType = ChatType.Private, long? fromId = null) => new()
    {
        Id = updateId,
        Message = new Message
        {
            Id = updateId,
            Date = new DateTime(2026, 2, 26, 10, 30, 0, DateTimeKind.Utc),
            Chat = new Chat { Id = chatId, Type = chatType, Title = chatType == ChatType.Private ? null : "Team" },
            From = new User { Id = fromId ?? Math.Abs(chatId), FirstName = "Mina", LanguageCode = language },
            Text = text,
        },
    };

    public static Update CallbackUpdate(int updateId, long chatId, string data, string? language = "en", ChatType chatType = ChatType.Private) => new()
    {
        Id = updateId,
        CallbackQuery = new CallbackQuery
        {
            Id = $"cb-{updateId}",
            From = new User { Id = Math.Abs(chatId), FirstName = "Mina", LanguageCode = language },
            ChatInstance = "instance",
            Data = data,
            Message = new Message
            {
                Id = 7,
                Date = new DateTime(2026, 2, 26, 10, 30, 0, DateTimeKind.Utc),
                Chat = new Chat { Id = chatId, Type = chatType },
                Text = "notification",
            },
        },
    };

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
