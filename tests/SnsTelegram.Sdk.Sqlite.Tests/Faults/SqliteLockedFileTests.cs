using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Sqlite.Tests.Faults;

/// <summary>
/// Another connection takes the SQLite file's exclusive lock (as a backup tool or a stray <c>sqlite3</c> shell holding a
/// transaction would) while the dispatcher delivers: every store call meets a busy database until it lets go.
/// </summary>
public sealed class SqliteLockedFileTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_locked_database_file_loses_nothing_and_sends_nothing_twice()
    {
        const int Chats = 20;
        const int PerChat = 8;
        await using var emulator = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromMilliseconds(20));
        var services = new ServiceCollection();
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        services.AddFakeLogging();
        LiveDelivery.AddDelivery(services, emulator, o =>
        {
            o.Delivery.PollInterval = TimeSpan.FromMilliseconds(100);
            o.Delivery.GlobalMessagesPerSecond = 40;
            o.Delivery.RequestTimeout = TimeSpan.FromSeconds(2);
            o.Delivery.LeaseDuration = TimeSpan.FromSeconds(5);
            o.Delivery.StoreTimeout = TimeSpan.FromSeconds(2);
        }).UseSqlite($"Data Source={_file.Path};Default Timeout=1");
        services.AddHealthChecks().AddSnsTelegramDelivery();
        await using var app = services.BuildServiceProvider();

        var links = app.GetRequiredService<IChatLinkStore>();
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        for (var u = 0; u < Chats; u++)
        {
            await links.LinkAsync(new ChatLink { UserId = $"u{u}", ChatId = users[u].ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        }

        var notifier = app.GetRequiredService<ISnsTelegramNotifier>();
        for (var m = 0; m < PerChat; m++)
        {
            for (var u = 0; u < Chats; u++)
            {
                (await notifier.NotifyAsync(new TestMessage($"u{u}") { IdempotencyKey = $"u{u}-m{m}" })).Status.ShouldBe(NotifyStatus.Queued);
            }
        }

        var dispatcher = app.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent >= Chats * PerChat / 4, "a quarter of the messages to go out");

        // another connection holds the file's write lock: reads go on (WAL), every write meets a busy database
        long sentWhileLocked;
        using (var locker = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            locker.Open();
            using (var take = locker.CreateCommand())
            {
                take.CommandText = "BEGIN EXCLUSIVE; CREATE TABLE lock_holder (x INTEGER);";
                take.ExecuteNonQuery();
            }

            (emulator.Counters.MessagesSent).ShouldBeLessThan(Chats * PerChat, "the lock is taken during delivery");

            await Should.ThrowAsync<SnsTelegramStoreException>(() => notifier.NotifyAsync(new TestMessage("u0") { IdempotencyKey = "while-locked" }).AsTask());
            // unhealthy, naming the store: it cannot be read in time, or it refuses the dispatcher's writes
            var said = "";
            try
            {
                await Eventually.WaitUntilAsync(
                    async () =>
                    {
                        var health = await app.GetRequiredService<HealthCheckService>().CheckHealthAsync();
                        said = string.Join("; ", health.Entries.Values.Select(e => e.Status + ": " + e.Description));
                        return health.Status == HealthStatus.Unhealthy && said.Contains("outbox store (SqliteOutboxStore)", StringComparison.Ordinal);
                    },
                    "the health check to name the locked store",
                    TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException e)
            {
                throw new ShouldAssertException("The health check said: " + said, e);
            }

            // long enough for every lease taken before the lock to run out
            await Task.Delay(TimeSpan.FromSeconds(6));
            sentWhileLocked = emulator.Counters.MessagesSent;
            using var release = locker.CreateCommand();
            release.CommandText = "ROLLBACK;";
            release.ExecuteNonQuery();
        }

        // delivery resumes by itself soon after the file is free
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent > sentWhileLocked, "delivery to resume after the lock", TimeSpan.FromSeconds(5));
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    return (await app.GetRequiredService<IOutboxStore>().GetStatsAsync(DateTimeOffset.MaxValue)).Pending == 0;
                }
                catch (SqliteException)
                {
                    return false;
                }
            },
            "every message to be recorded after the lock");
        (await app.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status.ShouldBe(HealthStatus.Healthy);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await dispatcher.StopAsync(timeout.Token);
        }

        for (var u = 0; u < Chats; u++)
        {
            var index = u;
            users[u].Messages.Where(m => m.FromBot).Select(m => m.Text)
                .ShouldBe(Enumerable.Range(0, PerChat).Select(m => $"test:u{index}:u{index}-m{m}"), $"user {u} gets each message once, in order");
        }

        emulator.Counters.MessagesSent.ShouldBe(Chats * PerChat);
        var events = app.GetRequiredService<FakeLogCollector>().GetSnapshot().Select(r => r.Id.Id).ToList();
        events.ShouldContain(2060, "an outcome was kept in memory while the file was locked");
        events.ShouldContain(2061, "the kept outcomes were written once the file was free");
    }
}
