using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.PostgreSql.Tests.Faults;

/// <summary>
/// PostgreSQL stops while one instance delivers, then comes back: every message reaches Telegram exactly once and in
/// its chat's order, the outcomes the store could not take are written when it returns, NotifyAsync fails at once
/// while it is gone, and the health check says which store is unreachable. Each test runs a PostgreSQL server of its
/// own, since stopping the shared one would break the other tests.
/// </summary>
public sealed class PostgreSqlOutageTests : IDisposable
{
    private const string Schema = "outage";

    private readonly PostgreSqlTestServer _server = PostgreSqlTestServer.StartPrivate();

    public void Dispose() => _server.Discard();

    private ServiceProvider Instance(TelegramEmulator emulator)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        services.AddFakeLogging();
        LiveDelivery.AddDelivery(services, emulator, o =>
        {
            o.Delivery.PollInterval = TimeSpan.FromMilliseconds(100);
            o.Delivery.GlobalMessagesPerSecond = 60;
            o.Delivery.RequestTimeout = TimeSpan.FromSeconds(2);
            o.Delivery.LeaseDuration = TimeSpan.FromSeconds(5);
            o.Delivery.StoreTimeout = TimeSpan.FromSeconds(2);
        }).UsePostgreSql(_server.ConnectionString, Schema);
        services.AddHealthChecks().AddSnsTelegramDelivery();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(600, 15)]
    [InlineData(300, 30)]
    public async Task A_database_outage_during_delivery_loses_nothing_and_sends_nothing_twice(int count, int outageSeconds)
    {
        const int Chats = 60;
        await using var emulator = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromMilliseconds(20));
        await using var app = Instance(emulator);
        var links = app.GetRequiredService<IChatLinkStore>();
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        for (var u = 0; u < Chats; u++)
        {
            await links.LinkAsync(new ChatLink { UserId = $"u{u}", ChatId = users[u].ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        }

        var notifier = app.GetRequiredService<ISnsTelegramNotifier>();
        var perChat = count / Chats;
        for (var m = 0; m < perChat; m++)
        {
            for (var u = 0; u < Chats; u++)
            {
                (await notifier.NotifyAsync(new TestMessage($"u{u}") { IdempotencyKey = $"u{u}-m{m}" })).Status.ShouldBe(NotifyStatus.Queued);
            }
        }

        var dispatcher = app.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent >= count / 4, "a quarter of the messages to go out");

        // the outage: every session ends, new ones are refused
        _server.StopServer();
        var sentAtStop = emulator.Counters.MessagesSent;
        sentAtStop.ShouldBeLessThan(count, "the outage starts during delivery");

        var refused = await Should.ThrowAsync<SnsTelegramStoreException>(() => notifier.NotifyAsync(new TestMessage("u0") { IdempotencyKey = "during-outage" }).AsTask());
        refused.Message.ShouldContain("outbox");
        var health = await app.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        health.Status.ShouldBe(HealthStatus.Unhealthy);
        health.Entries.Values.ShouldContain(e => e.Description != null && e.Description.Contains("outbox store (PostgreSqlOutboxStore) is unreachable", StringComparison.Ordinal));

        await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        var sentDuringOutage = emulator.Counters.MessagesSent;
        _server.StartAgain();

        // delivery resumes by itself soon after the database is back
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent > sentDuringOutage, "delivery to resume after the outage", TimeSpan.FromSeconds(5));

        var outbox = app.GetRequiredService<IOutboxStore>();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    return (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending == 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return false;
                }
            },
            "every message to be recorded after the database returns",
            TimeSpan.FromSeconds(60));
        (await app.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status.ShouldBe(HealthStatus.Healthy);

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await dispatcher.StopAsync(timeout.Token);
        }

        for (var u = 0; u < Chats; u++)
        {
            var index = u;
            users[u].Messages.Where(m => m.FromBot).Select(m => m.Text)
                .ShouldBe(Enumerable.Range(0, perChat).Select(m => $"test:u{index}:u{index}-m{m}"), $"user {u} gets each message once, in order");
        }

        emulator.Counters.MessagesSent.ShouldBe(count);
        var events = app.GetRequiredService<FakeLogCollector>().GetSnapshot().Select(r => r.Id.Id).ToList();
        events.ShouldContain(2060, "an outcome was kept in memory during the outage");
        events.ShouldContain(2061, "the kept outcomes were written when the database returned");
    }
}
