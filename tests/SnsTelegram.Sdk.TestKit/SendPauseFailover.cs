using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// The 429 failover scenario every shared store must pass: Telegram answers the sending instance 429 with
/// <c>retry_after</c>, the sender stops, and the instance that takes over sends nothing before the pause ends.
/// </summary>
internal static class SendPauseFailover
{
    public const int RetryAfterSeconds = 8;

    /// <summary>
    /// Runs the scenario with two instances made by <paramref name="instance"/> (each with <c>AddFakeLogging</c>), which
    /// share one store and send to <paramref name="emulator"/>.
    /// </summary>
    public static async Task NextSenderWaitsOutThePauseAsync(TelegramEmulator emulator, Func<ServiceProvider> instance)
    {
        var users = Enumerable.Range(0, 6).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var a = instance();
        await using var b = instance();
        emulator.Faults.TooManyRequestsNext(1, RetryAfterSeconds, method: "sendMessage");
        await a.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);

        // a's first send is answered 429: the whole bot must pause until then + retry_after
        var beforeFirstSend = TimeProvider.System.GetUtcNow();
        await a.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("first", users[0].ChatId));
        // (the emulator counts the 429 before the sender has read it: wait until the sender has paused and stored the pause)
        var aLogs = a.GetRequiredService<FakeLogCollector>();
        await Eventually.WaitUntilAsync(() => aLogs.GetSnapshot().Any(r => r.Id.Id == 2083), "the sender pauses on Telegram's 429 and stores the pause");

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
        b.GetRequiredService<FakeLogCollector>().GetSnapshot().ShouldContain(r => r.Id.Id == 2084, "the instance that took over waited it out");
    }
}
