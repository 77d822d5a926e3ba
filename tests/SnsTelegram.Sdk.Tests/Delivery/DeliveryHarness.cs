using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>The delivery room wired as a host wires it (real stores, real formatter), with a scripted Telegram gateway.</summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private DeliveryHarness(ServiceProvider services, FakeTimeProvider time, ScriptedGateway gateway)
    {
        Services = services;
        Time = time;
        Gateway = gateway;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public ScriptedGateway Gateway { get; }

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    public IChatLinkStore Links => Services.GetRequiredService<IChatLinkStore>();

    public ISnsTelegramNotifier Notifier => Services.GetRequiredService<ISnsTelegramNotifier>();

    public OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    public static DeliveryHarness Create(Action<SnsTelegramOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(Start);
        var gateway = new ScriptedGateway();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSingleton<ITelegramGateway>(gateway);
        services?.Invoke(collection);
        collection.AddSnsTelegram(o =>
        {
            o.BotToken = TelegramGatewayTests.Token;
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
            o.Delivery.GroupMessagesPerMinute = 0;
            configure?.Invoke(o);
        });
        return new DeliveryHarness(collection.BuildServiceProvider(), time, gateway);
    }

    public async Task<ChatLink> LinkAsync(string userId, long chatId, Func<ChatLink, ChatLink>? edit = null, TelegramChatType type = TelegramChatType.Private)
    {
        var link = new ChatLink { UserId = userId, ChatId = chatId, ChatType = type, LinkedAt = Start };
        link = edit?.Invoke(link) ?? link;
        await Links.LinkAsync(link, exclusiveChat: false);
        return link;
    }

    public Task StartAsync() => Dispatcher.StartAsync(CancellationToken.None);

    public async Task<OutboxMessage> MessageAsync(long id) => (await Outbox.GetAsync(id)).ShouldNotBeNull();

    public async Task WaitForStateAsync(long id, OutboxState state) =>
        await Eventually.WaitUntilAsync(async () => (await Outbox.GetAsync(id))?.State == state, $"message {id} is {state}");

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await Services.DisposeAsync();
    }
}

/// <summary>A Telegram gateway whose answers a test scripts; records every call.</summary>
internal sealed class ScriptedGateway : ITelegramGateway
{
    private long _nextId = 1000;

    public ConcurrentQueue<(long ChatId, TelegramMessage Message)> Calls { get; } = new();

    /// <summary>Answers a call (chat id, call number from 1); null = send it.</summary>
    public Func<long, int, SendOutcome?> Script { get; set; } = (_, _) => null;

    /// <summary>Awaited before answering (to hold calls on the wire).</summary>
    public Func<CancellationToken, Task>? Hold { get; set; }

    public IReadOnlyList<(long ChatId, string Text)> Delivered => [.. _delivered];

    /// <summary>Every edit asked for: chat, Telegram message id, new content.</summary>
    public ConcurrentQueue<(long ChatId, long MessageId, TelegramMessage Message)> Edits { get; } = new();

    /// <summary>Answers an edit (chat id, edit number from 1); null = edited.</summary>
    public Func<long, int, SendOutcome?> EditScript { get; set; } = (_, _) => null;

    public Task<SendOutcome> AnswerCallbackAsync(string callbackQueryId, string text, CancellationToken cancellationToken) =>
        Task.FromResult(SendOutcome.Delivered(0));

    public Task<SendOutcome> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(SendOutcome.Delivered(0));

    public Task<SendOutcome> SendToTopicAsync(long chatId, int messageThreadId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken) =>
        SendAsync(chatId, message, allowPaidBroadcast, cancellationToken);

    public Task<SendOutcome> CreateForumTopicAsync(long chatId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(new SendOutcome(SendOutcomeKind.Rejected, "the chat is not a forum") { ErrorCode = 400 });

    public Task<ChatMemberAnswer> GetChatMemberAsync(long chatId, long userId, CancellationToken cancellationToken) =>
        Task.FromResult(new ChatMemberAnswer(SendOutcome.Delivered(0), IsAdministrator: false, CanManageTopics: false));

    public async Task<SendOutcome> EditAsync(long chatId, long messageId, TelegramMessage message, CancellationToken cancellationToken)
    {
        Edits.Enqueue((chatId, messageId, message));
        var number = Edits.Count;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return EditScript(chatId, number) ?? SendOutcome.Delivered(messageId);
    }

    private readonly ConcurrentQueue<(long ChatId, string Text)> _delivered = new();

    public async Task<SendOutcome> SendAsync(long chatId, TelegramMessage message, bool allowPaidBroadcast, CancellationToken cancellationToken)
    {
        Calls.Enqueue((chatId, message));
        var number = Calls.Count;
        if (Hold is { } hold)
        {
            await hold(cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (Script(chatId, number) is { } scripted)
        {
            return scripted;
        }

        _delivered.Enqueue((chatId, message.Text));
        return SendOutcome.Delivered(Interlocked.Increment(ref _nextId));
    }
}
