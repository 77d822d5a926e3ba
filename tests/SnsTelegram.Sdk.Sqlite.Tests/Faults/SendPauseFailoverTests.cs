using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Sqlite.Tests.Faults;

/// <summary>
/// Telegram answers 429 with <c>retry_after</c> to the instance that sends, which then stops: the instance on the same
/// SQLite file that takes over sending waits out the rest of the pause (stored in the file), instead of sending after
/// the one-second takeover pause and earning Telegram's longer waits.
/// </summary>
public sealed class SendPauseFailoverTests : IDisposable
{
    private const int RetryAfterSeconds = 8;
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_instance_that_takes_over_sends_nothing_before_the_429_pause_of_the_previous_sender_ends()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var users = Enumerable.Range(0, 6).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var a = Instance(emulator);
        await using var b = Instance(emulator);
        emulator.Faults.TooManyRequestsNext(1, RetryAfterSeconds, method: "sendMessage");
        await a.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);

        // a's first send is answered 429: the whole bot must pause until then + retry_after
        var beforeFirstSend = TimeProvider.System.GetUtcNow();
        await a.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("first", users[0].ChatId));
        await Eventually.WaitUntilAsync(() => emulator.Counters.TooManyRequests == 1, "Telegram answers 429");

        // more messages arrive during the pause; then the sender stops and the other instance takes over
        for (var i = 1; i < users.Length; i++)
        {
            await b.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"m{i}", users[i].ChatId));
        }

        await b.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);
        await a.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent == users.Length, "every message is delivered by the instance that took over");
        await b.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);

        var delivered = users.SelectMany(u => u.Messages.Where(m => m.FromBot)).ToList();
        delivered.Count.ShouldBe(users.Length, "each message once");
        delivered.Min(m => m.SentAt).ShouldBeGreaterThanOrEqualTo(
            beforeFirstSend + TimeSpan.FromSeconds(RetryAfterSeconds),
            "nothing reaches Telegram before the pause it asked for ends");
        emulator.Counters.TooManyRequests.ShouldBe(1);
        a.GetRequiredService<FakeLogCollector>().GetSnapshot().ShouldContain(r => r.Id.Id == 2083, "the sender stored the pause");
        b.GetRequiredService<FakeLogCollector>().GetSnapshot().ShouldContain(r => r.Id.Id == 2084, "the instance that took over waited it out");
    }

    private ServiceProvider Instance(TelegramEmulator emulator)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        LiveDelivery.AddDelivery(services, emulator).UseSqlite(_file.ConnectionString);
        return services.BuildServiceProvider();
    }
}
