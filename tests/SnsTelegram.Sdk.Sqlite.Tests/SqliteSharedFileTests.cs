using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>
/// Two app instances on one SQLite file, each with its dispatcher on, against the emulator's strict limits: exactly
/// one sends at a time (the lock on <c>&lt;database&gt;.dispatch</c>), so together they keep to the bot's one budget,
/// and when the sender stops the other takes over.
/// </summary>
public sealed class SqliteSharedFileTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Two_instances_on_one_file_send_as_one_and_the_second_takes_over_when_the_first_stops()
    {
        const int Chats = 45;
        await using var emulator = await TestEmulator.StartAsync();
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var a = Instance(emulator);
        await using var b = Instance(emulator);
        a.GetRequiredService<IDispatchCoordinator>().ShouldBeOfType<SqliteDispatchCoordinator>();
        await a.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);
        await b.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);

        // 90 messages: two senders with 30/s each would be refused by Telegram
        for (var m = 0; m < 2; m++)
        {
            for (var i = 0; i < Chats; i++)
            {
                await (i % 2 == 0 ? a : b).GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"c{i:D2}-m{m}", users[i].ChatId));
            }
        }

        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent == 2 * Chats, "every message is delivered");
        emulator.Counters.TooManyRequests.ShouldBe(0, "one sender, one budget");

        // whichever was sending stops; the other takes over and sends what comes next
        await a.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);
        await b.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("after-a", users[0].ChatId));
        await a.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("after-b", users[1].ChatId));
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent == 2 * Chats + 2, "the other instance sends the new messages");
        await b.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);

        for (var i = 0; i < Chats; i++)
        {
            users[i].Messages.Where(x => x.FromBot).Select(x => x.Text).Take(2).ShouldBe([$"c{i:D2}-m0", $"c{i:D2}-m1"], $"chat {i} in order, once each");
        }
    }

    private ServiceProvider Instance(TelegramEmulator emulator)
    {
        var services = new ServiceCollection();
        LiveDelivery.AddDelivery(services, emulator).UseSqlite(_file.ConnectionString);
        return services.BuildServiceProvider();
    }
}
