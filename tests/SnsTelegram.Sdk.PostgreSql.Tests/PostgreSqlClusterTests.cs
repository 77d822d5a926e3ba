using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;
using Xunit.Abstractions;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>
/// Several app instances on one PostgreSQL schema against the emulator's strict limits (any second: 30 messages per bot,
/// a burst of 3 then 1/s per chat): they share one budget, a 429 pauses them all, urgent messages overtake bulk ones, an
/// enqueue on one wakes the sender on another, and a killed sender's messages go out from another process.
/// </summary>
public sealed class PostgreSqlClusterTests(ITestOutputHelper output) : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task Three_instances_keep_to_one_budget_and_deliver_every_message_once_in_chat_order()
    {
        const int Chats = 60;
        const int PerChat = 3;
        await using var emulator = await TestEmulator.StartAsync();
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var cluster = await StartInstancesAsync(emulator, 3);
        var instances = cluster.Instances;

        // every instance enqueues; each would spend the whole 30/s if it sent for itself
        for (var m = 0; m < PerChat; m++)
        {
            for (var i = 0; i < Chats; i++)
            {
                await instances[(i + m) % 3].GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"c{i:D2}-m{m}", users[i].ChatId));
            }
        }

        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent >= Chats * PerChat, "every message is delivered", TimeSpan.FromMinutes(2));
        await StopAsync(instances);

        emulator.Counters.TooManyRequests.ShouldBe(0, "the instances together stayed under Telegram's limits");
        emulator.Counters.MessagesSent.ShouldBe(Chats * PerChat, "every message once");
        for (var i = 0; i < Chats; i++)
        {
            users[i].Messages.Where(m => m.FromBot).Select(m => m.Text).ShouldBe(Enumerable.Range(0, PerChat).Select(m => $"c{i:D2}-m{m}"), $"chat {i} in enqueue order");
        }
    }

    [Fact]
    public async Task A_429_pauses_every_instance_for_its_retry_after()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var users = Enumerable.Range(0, 10).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var cluster = await StartInstancesAsync(emulator, 3);
        var instances = cluster.Instances;

        // the first message draws a 429 with retry_after 2
        emulator.Faults.TooManyRequestsNext(1, retryAfterSeconds: 2, method: "sendMessage");
        await instances[0].GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("m0", users[0].ChatId));
        await Eventually.WaitUntilAsync(() => emulator.Counters.TooManyRequests == 1, "the first send is refused");
        var refusedBy = DateTimeOffset.UtcNow;

        // The emulator counts the 429 before its answer reaches the sender; a message enqueued in between could leave
        // before the sender knows of the pause, as it could with Telegram. Enqueue once the sender has paused.
        await Eventually.WaitUntilAsync(
            () => instances.Any(i => i.GetRequiredService<DeliveryRateLimiter>().PausedUntil > DateTimeOffset.UtcNow),
            "the sender to pause for the 429");

        // messages enqueued on every instance during the pause wait for its end
        for (var i = 1; i < users.Length; i++)
        {
            await instances[i % 3].GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"m{i}", users[i].ChatId));
        }

        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent >= users.Length, "every message is delivered after the pause");
        await StopAsync(instances);

        emulator.Counters.TooManyRequests.ShouldBe(1, "nobody sent into the pause");
        var first = users.SelectMany(u => u.Messages).Where(m => m.FromBot).Min(m => m.SentAt);

        // the refusal came at most a poll before refusedBy; without the pause the others would go out at once
        (first - refusedBy).ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5), "the first accepted message came after retry_after");
    }

    [Fact]
    public async Task An_urgent_message_overtakes_a_bulk_backlog()
    {
        const int Bulk = 400;
        await using var emulator = await TestEmulator.StartAsync();
        var users = Enumerable.Range(0, Bulk + 1).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using var a = Instance(emulator);
        await using var b = Instance(emulator, o => o.Delivery.Enabled = false);
        for (var i = 0; i < Bulk; i++)
        {
            await a.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"bulk-{i}", users[i].ChatId, DeliveryLane.Bulk));
        }

        await a.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent >= 60, "the backlog is being delivered at the bot's rate");

        // the app on another instance reports a failed post; the bulk messages that overtake it are counted by the
        // emulator as it records the urgent one (not when this test gets to look, which a loaded machine delays)
        var sentAtUrgent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        emulator.MessageRecorded += (_, e) =>
        {
            if (e.Message.ChatId == users[Bulk].ChatId)
            {
                sentAtUrgent.TrySetResult(emulator.Counters.MessagesSent);
            }
        };
        var urgent = Stopwatch.StartNew();
        var sentBefore = emulator.Counters.MessagesSent;
        await b.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due("urgent", users[Bulk].ChatId, DeliveryLane.Urgent));
        await emulator.WaitForMessageAsync(users[Bulk].ChatId, TimeSpan.FromMinutes(1));
        var overtaken = await sentAtUrgent.Task - sentBefore - 1;
        output.WriteLine($"the urgent message arrived after {urgent.Elapsed.TotalMilliseconds:0} ms; {overtaken} bulk messages went out in between; {Bulk - emulator.Counters.MessagesSent + 1} still queued");
        await StopAsync([a]);

        overtaken.ShouldBeLessThanOrEqualTo(40, "the urgent message waits for at most one rate window of sends (30) and a lease's worth, not for the backlog");
        emulator.Counters.MessagesSent.ShouldBeLessThan(Bulk, "the backlog was still there when the urgent message went out");
        emulator.Counters.TooManyRequests.ShouldBe(0);
    }

    [Fact]
    public async Task An_enqueue_on_one_instance_wakes_the_sender_on_another_at_once()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var user = emulator.CreateUser("Mina");

        // the sender would otherwise look at the outbox only once an hour
        await using var sender = Instance(emulator, o => o.Delivery.PollInterval = TimeSpan.FromHours(1));
        await using var api = Instance(emulator, o => o.Delivery.Enabled = false);
        await sender.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);

        for (var m = 0; m < 3; m++)
        {
            await api.GetRequiredService<IOutboxStore>().EnqueueAsync(OutboxMessages.Due($"m{m}", user.ChatId));
            await Eventually.WaitUntilAsync(() => user.Messages.Count(x => x.FromBot) == m + 1, $"message {m} is delivered without waiting for a poll", TimeSpan.FromSeconds(30));
        }

        await StopAsync([sender]);
    }

    [Fact]
    public async Task When_the_sending_process_is_killed_another_takes_over_its_messages_at_once()
    {
        const int Chats = 150;
        const int PerChat = 2;
        const int MaxConcurrency = 16;
        await using var emulator = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromMilliseconds(50));
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();
        await using (var app = Instance(emulator, o => o.Delivery.Enabled = false))
        {
            var outbox = app.GetRequiredService<IOutboxStore>();
            for (var m = 0; m < PerChat; m++)
            {
                for (var i = 0; i < Chats; i++)
                {
                    await outbox.EnqueueAsync(OutboxMessages.Due($"c{i:D3}-m{m}", users[i].ChatId));
                }
            }
        }

        var store = $"postgresql:{_schema.Name}:{_schema.ConnectionString}";
        var processes = Enumerable.Range(0, 3)
            .Select(_ => new HostProcess(CrashHost.Start(store, emulator.BaseUrl, emulator.BotToken, emulator.BotUsername, MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "limits")))
            .ToList();
        try
        {
            await Eventually.WaitUntilAsync(() => processes.Count(p => p.Sending) == 1 && emulator.Counters.MessagesSent >= 100, "one process sends, and has sent 100 messages", TimeSpan.FromMinutes(2));
            processes.Count(p => p.Sending).ShouldBe(1, "exactly one process sends at a time");
            var killed = processes.Single(p => p.Sending);
            killed.Process.Kill(entireProcessTree: true);
            var killedAt = DateTimeOffset.UtcNow;
            await killed.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var sentAtKill = emulator.Counters.MessagesSent;

            await Eventually.WaitUntilAsync(() => processes.Count(p => p != killed && p.Sending) == 1, "another process takes over", TimeSpan.FromMinutes(1));
            await Eventually.WaitUntilAsync(() => emulator.Counters.MessagesSent > sentAtKill, "delivery resumes", TimeSpan.FromMinutes(1));
            var resumedAt = users.SelectMany(u => u.Messages).Where(m => m.FromBot && m.SentAt > killedAt).Min(m => m.SentAt);
            await Eventually.WaitUntilAsync(
                () => users.All(u => u.Messages.Where(m => m.FromBot).Select(m => m.Text).Distinct().Count() == PerChat),
                "every message is delivered",
                TimeSpan.FromMinutes(2));
            output.WriteLine($"killed after {sentAtKill} messages; delivery resumed {(resumedAt - killedAt).TotalMilliseconds:0} ms after the kill");

            // the dead process leased its messages for 10 minutes: only a takeover that frees them explains this
            (resumedAt - killedAt).ShouldBeLessThan(TimeSpan.FromSeconds(30));
            emulator.Counters.TooManyRequests.ShouldBe(0);
            var texts = users.SelectMany(u => u.Messages.Where(m => m.FromBot).Select(m => m.Text)).ToArray();
            texts.Distinct().Count().ShouldBe(Chats * PerChat, "nothing is lost");
            (texts.Length - texts.Distinct().Count()).ShouldBeLessThanOrEqualTo(MaxConcurrency, "only messages on the wire at the kill may repeat");
            foreach (var user in users)
            {
                var distinct = user.Messages.Where(m => m.FromBot).Select(m => m.Text).Distinct().ToArray();
                distinct.ShouldBe(distinct.Order(StringComparer.Ordinal).ToArray(), "each chat in order");
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static async Task StopAsync(IEnumerable<ServiceProvider> instances)
    {
        foreach (var instance in instances)
        {
            await instance.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);
        }
    }

    /// <summary><paramref name="count"/> app instances on the shared schema, their dispatchers started.</summary>
    private async Task<Cluster> StartInstancesAsync(TelegramEmulator emulator, int count)
    {
        var instances = Enumerable.Range(0, count).Select(_ => Instance(emulator)).ToArray();
        foreach (var instance in instances)
        {
            await instance.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);
        }

        return new Cluster(instances);
    }

    /// <summary>An app instance with Telegram's limits (30/s, 1/s per chat) on the shared schema.</summary>
    private ServiceProvider Instance(TelegramEmulator emulator, Action<SnsTelegramOptions>? configure = null)
    {
        var services = new ServiceCollection();
        LiveDelivery.AddDelivery(services, emulator, configure).UsePostgreSql(_schema.ConnectionString, _schema.Name);
        return services.BuildServiceProvider();
    }

    /// <summary>App instances disposed together.</summary>
    private sealed class Cluster(ServiceProvider[] instances) : IAsyncDisposable
    {
        public ServiceProvider[] Instances => instances;

        public async ValueTask DisposeAsync()
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>A crash host process whose output tells whether it is the one that sends.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public HostProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    _lines.Enqueue(line);
                }
            };
            process.BeginOutputReadLine();
        }

        public Process Process { get; }

        public bool Sending => !Process.HasExited && _lines.Contains("sending");

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(TimeSpan.FromSeconds(30));
            }

            Process.Dispose();
        }
    }
}
