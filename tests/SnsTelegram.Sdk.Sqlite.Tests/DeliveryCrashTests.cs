using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;
using Xunit.Abstractions;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>A delivering process with a SQLite outbox is killed mid-way; a new one on the same file finishes the job.</summary>
public sealed class DeliveryCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Messages = 1000;
    private const int Chats = 100;
    private const int MaxConcurrency = 16;
    private readonly string _dir = Directory.CreateTempSubdirectory("snstelegram-crash-").FullName;

    [Fact]
    public async Task A_killed_host_loses_nothing_and_repeats_at_most_the_messages_it_had_on_the_wire()
    {
        var db = Path.Combine(_dir, "outbox.db");
        await using var emulator = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromMilliseconds(50));
        var users = Enumerable.Range(0, Chats).Select(i => emulator.CreateUser($"User{i}")).ToArray();

        // 1. the app enqueues 1,000 messages into the SQLite outbox
        await using (var app = Provider(emulator, db))
        {
            var links = app.GetRequiredService<IChatLinkStore>();
            for (var i = 0; i < Chats; i++)
            {
                await links.LinkAsync(new ChatLink { UserId = $"u{i}", ChatId = users[i].ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: false);
            }

            var notifier = app.GetRequiredService<ISnsTelegramNotifier>();
            for (var n = 0; n < Messages; n++)
            {
                (await notifier.NotifyAsync(new TestMessage($"u{n % Chats}") { IdempotencyKey = $"m{n:D4}" })).Status.ShouldBe(NotifyStatus.Queued);
            }
        }

        // 2. a separate process delivers them and is killed mid-way
        using (var child = StartCrashHost(db, emulator))
        {
            await Eventually.WaitUntilAsync(
                () => emulator.Counters.MessagesSent >= 300 || child.HasExited,
                "the delivering process has sent 300 messages",
                TimeSpan.FromMinutes(2));
            if (emulator.Counters.MessagesSent < 300)
            {
                throw new ShouldAssertException("the delivering process died by itself: " + await child.StandardError.ReadToEndAsync());
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var sentBeforeKill = emulator.Counters.MessagesSent;
        sentBeforeKill.ShouldBeLessThan(Messages, "the kill came before the end");

        // 3. a new host on the same file finishes the job. The killed process leased its messages for 10 minutes (as
        //    the crash host is configured): the new host frees those leases when it takes over, so it does not wait.
        await using (var next = Provider(emulator, db))
        {
            var outbox = next.GetRequiredService<IOutboxStore>();
            var dispatcher = next.GetRequiredService<OutboxDispatcher>();
            var restarted = Stopwatch.StartNew();
            await dispatcher.StartAsync(CancellationToken.None);
            await Eventually.WaitUntilAsync(
                async () => (await outbox.GetStatsAsync(DateTimeOffset.MaxValue.AddDays(-1))).Pending == 0,
                "the second host has delivered everything, the dead process's leased messages included",
                TimeSpan.FromMinutes(3));
            output.WriteLine($"the second host delivered the rest in {restarted.Elapsed.TotalSeconds:0.0} s");
            await dispatcher.StopAsync(CancellationToken.None);
            (await outbox.GetStatsAsync(DateTimeOffset.MaxValue.AddDays(-1))).DeadLettered.ShouldBe(0);
        }

        // 4. nothing lost, every chat in order, and only messages on the wire at the kill repeated
        var texts = users.SelectMany(u => u.Messages.Where(m => m.FromBot).Select(m => m.Text)).ToArray();
        var duplicates = texts.Length - texts.Distinct().Count();
        output.WriteLine($"sent before the kill: {sentBeforeKill}; received: {texts.Length}; distinct: {texts.Distinct().Count()}; duplicates: {duplicates}");
        texts.Distinct().Count().ShouldBe(Messages, "nothing is lost");
        // test messages are urgent: on the wire at most MaxConcurrency senders plus the urgent reserve (a quarter of them)
        duplicates.ShouldBeLessThanOrEqualTo(MaxConcurrency + (MaxConcurrency / 4), "only messages on the wire at the kill may repeat");
        for (var i = 0; i < Chats; i++)
        {
            var firsts = users[i].Messages.Where(m => m.FromBot).Select(m => m.Text).Distinct().ToArray();
            firsts.ShouldBe(firsts.Order(StringComparer.Ordinal).ToArray(), $"chat {i} got its messages in order");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a handle may linger on a loaded machine; the temp folder is cleaned by the system
        }
    }

    private static ServiceProvider Provider(TelegramEmulator emulator, string db)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = emulator.BotToken;
            o.BotUsername = emulator.BotUsername;
            o.ApiBaseUrl = emulator.BaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
            o.Delivery.GroupMessagesPerMinute = 0;
            o.Delivery.MaxConcurrency = MaxConcurrency;
            o.Delivery.RequestTimeout = TimeSpan.FromSeconds(3);
            o.Delivery.LeaseDuration = TimeSpan.FromMinutes(10);
            o.Delivery.PollInterval = TimeSpan.FromMilliseconds(200);
            o.StorageEncryptionKey = TestChatIdProtection.Key; // the crash host's key
        }).UseSqlite($"Data Source={db}");
        return services.BuildServiceProvider();
    }

    private static Process StartCrashHost(string db, TelegramEmulator emulator) =>
        CrashHost.Start(db, emulator.BaseUrl, emulator.BotToken, emulator.BotUsername, MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
