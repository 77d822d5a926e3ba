using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>
/// End to end with two app instances sharing one PostgreSQL database: NotifyAsync on either instance, the outbox, both
/// dispatchers running at once, real HTTP to the Telegram emulator.
/// </summary>
public sealed class PostgreSqlDeliveryTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    private ServiceProvider Instance(TelegramEmulator emulator, Action<SnsTelegramOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        LiveDelivery.AddDelivery(services, emulator, o =>
        {
            o.Delivery.PollInterval = TimeSpan.FromMilliseconds(100);
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
            o.Delivery.GroupMessagesPerMinute = 0;
            configure?.Invoke(o);
        }).UsePostgreSql(_schema.ConnectionString, _schema.Name);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Two_instances_deliver_every_notification_once_in_order_per_chat()
    {
        const int Users = 8;
        const int PerUser = 6;
        await using var emulator = await TestEmulator.StartAsync();
        await using var a = Instance(emulator);
        await using var b = Instance(emulator);
        var instances = new[] { a, b };
        a.GetRequiredService<IOutboxStore>().ShouldBeOfType<PostgreSqlOutboxStore>();

        var users = Enumerable.Range(0, Users).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        for (var u = 0; u < Users; u++)
        {
            await instances[u % 2].GetRequiredService<IChatLinkStore>().LinkAsync(
                new ChatLink { UserId = $"u{u}", ChatId = users[u].ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        }

        // both dispatchers run while both instances notify
        var dispatchers = instances.Select(i => i.GetRequiredService<OutboxDispatcher>()).ToArray();
        foreach (var dispatcher in dispatchers)
        {
            await dispatcher.StartAsync(CancellationToken.None);
        }

        var ids = new List<long>();
        for (var m = 0; m < PerUser; m++)
        {
            for (var u = 0; u < Users; u++)
            {
                var result = await instances[(u + m) % 2].GetRequiredService<ISnsTelegramNotifier>()
                    .NotifyAsync(new TestMessage($"u{u}") { IdempotencyKey = $"u{u}-m{m}" });
                result.Status.ShouldBe(NotifyStatus.Queued);
                ids.Add(result.OutboxId!.Value);
            }
        }

        // the same notification again, on the other instance: stored once, sent once
        (await b.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new TestMessage("u0") { IdempotencyKey = "u0-m0" })).OutboxId.ShouldBe(ids[0]);

        var outbox = a.GetRequiredService<IOutboxStore>();
        await Eventually.WaitUntilAsync(
            async () => (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending == 0,
            "both instances to drain the shared outbox");

        foreach (var dispatcher in dispatchers)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await dispatcher.StopAsync(timeout.Token);
        }

        (await Task.WhenAll(ids.Select(id => outbox.GetAsync(id).AsTask()))).ShouldAllBe(m => m!.State == OutboxState.Sent);
        for (var u = 0; u < Users; u++)
        {
            var index = u;
            users[u].Messages.Where(m => m.FromBot).Select(m => m.Text)
                .ShouldBe(Enumerable.Range(0, PerUser).Select(m => $"test:u{index}:u{index}-m{m}"), $"user {u} gets each message once, in order");
        }

        emulator.Counters.MessagesSent.ShouldBe(Users * PerUser);
    }

    [Fact]
    public async Task An_idle_sender_is_woken_by_another_instances_enqueue_and_sends_a_later_message_at_its_time_without_polling()
    {
        // a poll every 5 minutes could explain neither delivery below
        Action<SnsTelegramOptions> slowPoll = o =>
        {
            o.Delivery.PollInterval = TimeSpan.FromMinutes(5);
            o.Delivery.LeaseDuration = TimeSpan.FromMinutes(5);
        };
        await using var emulator = await TestEmulator.StartAsync();
        await using var sender = Instance(emulator, slowPoll);
        await using var other = Instance(emulator, slowPoll);
        var user = emulator.CreateUser("Idle");
        var dispatcher = sender.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);

        // the other instance writes straight into the store: only the coordinator's NOTIFY can wake the sender
        var store = other.GetRequiredService<IOutboxStore>();
        var time = TimeProvider.System;
        var now = await EnqueueAsync(store, user.ChatId, "now", time.GetUtcNow());
        await Eventually.WaitUntilAsync(async () => (await store.GetAsync(now))?.State == OutboxState.Sent, "the message due now is sent", TimeSpan.FromSeconds(20));

        var due = time.GetUtcNow() + TimeSpan.FromSeconds(2);
        var later = await EnqueueAsync(store, user.ChatId, "later", due);
        await Eventually.WaitUntilAsync(async () => (await store.GetAsync(later))?.State == OutboxState.Sent, "the later message is sent at its time", TimeSpan.FromSeconds(20));
        (await store.GetAsync(later))!.CompletedAt!.Value.ShouldBeGreaterThanOrEqualTo(due);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await dispatcher.StopAsync(timeout.Token);
        user.Messages.Where(m => m.FromBot).Select(m => m.Text).ShouldBe(["now", "later"]);
    }

    private static async Task<long> EnqueueAsync(IOutboxStore store, long chatId, string text, DateTimeOffset due) =>
        (await store.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = text,
            UserId = "idle",
            ChatId = chatId,
            NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage(text),
            CreatedAt = due,
            DueAt = due,
        })).Id;
}
