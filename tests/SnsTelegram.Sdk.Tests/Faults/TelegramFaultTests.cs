using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Tests.Faults;

/// <summary>
/// Telegram fails while the dispatcher delivers (down, stalling, the connection reset): every message arrives, in its
/// chat's order, once, except that an answer lost after Telegram took the message costs exactly that message once more.
/// Real HTTP to the emulator.
/// </summary>
public sealed class TelegramFaultTests
{
    private const int Chats = 10;
    private const int PerChat = 3;

    [Fact]
    public async Task Telegram_down_for_five_minutes_loses_nothing_and_delivery_resumes_by_itself()
    {
        // the library's own retry settings (defaults), on a clock the test moves through the five minutes
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        LiveDelivery.AddDelivery(services, emulator, o =>
        {
            var defaults = new DeliveryOptions();
            o.Delivery.RetryBaseDelay = defaults.RetryBaseDelay;
            o.Delivery.RetryMaxDelay = defaults.RetryMaxDelay;
            o.Delivery.MaxAttempts = defaults.MaxAttempts;
            o.Delivery.LeaseDuration = defaults.LeaseDuration;
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
        });
        services.AddHealthChecks().AddSnsTelegramDelivery(maxDelay: TimeSpan.FromMinutes(1));
        await using var app = services.BuildServiceProvider();
        var users = await LinkAndNotifyAsync(app, emulator);

        // Telegram is down: sends and getMe alike answer 502
        emulator.Faults.FailShare(1.0, statusCode: 502);
        var dispatcher = app.GetRequiredService<OutboxDispatcher>();
        var healthChecks = app.GetRequiredService<HealthCheckService>();
        await dispatcher.StartAsync(CancellationToken.None);
        var downUntil = time.GetUtcNow() + TimeSpan.FromMinutes(5);
        await AdvanceAsync(
            time,
            async () => (await healthChecks.CheckHealthAsync()).Entries.Values.Any(e => e.Data.ContainsKey("telegram_unreachable_since")),
            "the outage to be noticed");
        var early = await healthChecks.CheckHealthAsync();
        early.Status.ShouldBe(HealthStatus.Degraded, "Telegram does not answer, and nothing has waited longer than allowed yet");
        early.Entries.Values.ShouldContain(e => e.Description != null && e.Description.Contains("Telegram has not answered since", StringComparison.Ordinal));
        await AdvanceAsync(time, () => Task.FromResult(time.GetUtcNow() >= downUntil), "five minutes of outage");

        emulator.Counters.MessagesSent.ShouldBe(0);
        var health = await healthChecks.CheckHealthAsync();
        health.Status.ShouldBe(HealthStatus.Unhealthy, "notifications wait longer than the allowed delay while Telegram is down");
        health.Entries.Values.ShouldContain(e => e.Description != null && e.Description.Contains("notifications are waiting", StringComparison.Ordinal));
        health.Entries.Values.ShouldContain(e => e.Data.ContainsKey("telegram_unreachable_since"));

        // Telegram is back: within 5 s (on the library's clock) every message is delivered, not at each one's next retry
        // (up to RetryMaxDelay, 5 min, later). The clock moves a second at a time, and between steps the library runs freely.
        emulator.Faults.Reset();
        var back = time.GetUtcNow();
        var outbox = app.GetRequiredService<IOutboxStore>();
        for (var step = 0; step < 5 && (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending > 0; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            try
            {
                await Eventually.WaitUntilAsync(async () => (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending == 0, "every message to go out", TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // not yet: the next second
            }
        }

        (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending.ShouldBe(0, "every message is delivered within 5 s of Telegram's recovery");
        (time.GetUtcNow() - back).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(5));
        await dispatcher.StopAsync(CancellationToken.None);

        (await outbox.GetStatsAsync(time.GetUtcNow())).DeadLettered.ShouldBe(0, "a five-minute outage dead-letters nothing with the default retries");
        ShouldEachGetTheirMessagesOnceInOrder(users);
        (await healthChecks.CheckHealthAsync()).Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Answers_that_stall_for_30_seconds_are_given_up_and_sent_again_once()
    {
        // The emulator drops a stalled call when the client gives up, so a retry is the only copy.
        await using var live = await LiveDelivery.StartAsync(
            new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled },
            o => o.Delivery.RequestTimeout = TimeSpan.FromSeconds(3));
        var users = await LinkAndNotifyAsync(live.Services, live.Emulator);
        live.Emulator.Faults.DelayNext(3, TimeSpan.FromSeconds(30), method: "sendMessage");

        await live.StartDispatcherAsync();
        await WaitUntilDeliveredAsync(live.Outbox);

        ShouldEachGetTheirMessagesOnceInOrder(users);
        live.Emulator.Counters.FaultsInjected.ShouldBe(3);
    }

    [Fact]
    public async Task A_connection_reset_before_Telegram_took_the_message_sends_it_once()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled });
        var users = await LinkAndNotifyAsync(live.Services, live.Emulator);
        live.Emulator.Faults.DropNext(4, afterProcessing: false, method: "sendMessage");

        await live.StartDispatcherAsync();
        await WaitUntilDeliveredAsync(live.Outbox);

        ShouldEachGetTheirMessagesOnceInOrder(users);
        live.Emulator.Counters.ConnectionsDropped.ShouldBe(4);
    }

    [Fact]
    public async Task A_connection_reset_after_Telegram_took_the_message_repeats_only_that_message_in_place()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled });
        _ = live.Services.GetRequiredService<DeliveryMetrics>();
        using var unanswered = new MetricCollector<long>(live.Services.GetRequiredService<IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.messages.unanswered");
        var users = await LinkAndNotifyAsync(live.Services, live.Emulator);
        live.Emulator.Faults.DropNext(4, afterProcessing: true, method: "sendMessage");

        await live.StartDispatcherAsync();
        await WaitUntilDeliveredAsync(live.Outbox);

        // Telegram has no idempotency key for sendMessage: a lost answer cannot be told from a lost request, so the
        // message goes out again (at least once); it is the only repeat, and it comes before the chat's next message.
        var repeats = 0;
        for (var u = 0; u < Chats; u++)
        {
            var texts = users[u].Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
            var collapsed = texts.Where((t, i) => i == 0 || t != texts[i - 1]).ToList();
            var index = u;
            collapsed.ShouldBe(Expected(index), $"user {u} gets every message, in order");
            repeats += texts.Count - collapsed.Count;
        }

        repeats.ShouldBe(4, "each lost answer costs exactly one repeat");
        unanswered.GetMeasurementSnapshot().EvaluateAsCounter().ShouldBe(4, "each send whose answer was lost is counted");
    }

    private static async Task<EmulatedUser[]> LinkAndNotifyAsync(IServiceProvider app, TelegramEmulator emulator)
    {
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

        return users;
    }

    private static IEnumerable<string> Expected(int user) => Enumerable.Range(0, PerChat).Select(m => $"test:u{user}:u{user}-m{m}");

    private static void ShouldEachGetTheirMessagesOnceInOrder(EmulatedUser[] users)
    {
        for (var u = 0; u < users.Length; u++)
        {
            users[u].Messages.Where(m => m.FromBot).Select(m => m.Text).ShouldBe(Expected(u), $"user {u} gets each message once, in order");
        }
    }

    private static Task WaitUntilDeliveredAsync(IOutboxStore outbox) =>
        Eventually.WaitUntilAsync(async () => (await outbox.GetStatsAsync(DateTimeOffset.MaxValue)).Pending == 0, "every message to go out");

    /// <summary>Moves the library's clock a second at a time, letting its background work run between steps, until <paramref name="done"/>.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, Func<Task<bool>> done, string because)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await done())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Eventually.DefaultTimeout)
            {
                throw new TimeoutException($"Timed out waiting for {because} (the clock reached {time.GetUtcNow():O}).");
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
