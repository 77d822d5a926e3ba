using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>The rate limiter end to end against the emulator's strict limits (any 1-second window), on the real clock.</summary>
public sealed class RateLimitEmulatorTests
{
    [Fact]
    public async Task A_jittery_round_trip_is_measured_and_never_earns_a_429()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions
        {
            Latency = TimeSpan.FromMilliseconds(50),
            LatencyJitter = TimeSpan.FromMilliseconds(200),
        });
        var ids = await NotifyManyAsync(live, 150);

        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        live.Emulator.Counters.MessagesSent.ShouldBe(150);
        live.Emulator.Counters.TooManyRequests.ShouldBe(0);
        var limiter = live.Services.GetRequiredService<DeliveryRateLimiter>();
        limiter.FastestRoundTrip.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45), "the fixed latency (50 ms, to the timers' resolution) is part of every round trip");
        limiter.Margin.ShouldBeGreaterThan(new SnsTelegramOptions().Delivery.RateLimitSafetyMargin, "the margin follows the measured jitter, above its floor");
    }

    [Fact]
    public async Task Paid_broadcasts_deliver_far_faster_than_the_free_rate_without_a_429()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions(), PaidBroadcast(starsCap: 1000));
        using var paid = new MetricCollector<long>(live.Services.GetRequiredService<IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.paid_broadcast.messages");
        var ids = await NotifyManyAsync(live, 1500);

        var started = TimeProvider.System.GetTimestamp();
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        var counters = live.Emulator.Counters;
        counters.MessagesSent.ShouldBe(1500);
        counters.TooManyRequests.ShouldBe(0);
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25), "1,500 messages take 50 s at 30/s");
        counters.PaidBroadcastMessages.ShouldBeGreaterThan(1000);
        var limiter = live.Services.GetRequiredService<DeliveryRateLimiter>();
        counters.PaidBroadcastMessages.ShouldBeLessThanOrEqualTo(limiter.PaidToday, "Telegram charges no more than the limiter counted");
        paid.GetMeasurementSnapshot().EvaluateAsCounter().ShouldBeGreaterThanOrEqualTo(counters.PaidBroadcastMessages);
    }

    [Fact]
    public async Task Once_the_daily_cap_is_spent_delivery_falls_back_to_the_free_rate_and_never_spends_more()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions(), PaidBroadcast(starsCap: 5));
        var ids = await NotifyManyAsync(live, 200);

        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        var counters = live.Emulator.Counters;
        counters.MessagesSent.ShouldBe(200);
        counters.TooManyRequests.ShouldBe(0);
        counters.StarsSpent.ShouldBeLessThanOrEqualTo(5m);
        counters.StarsSpent.ShouldBeGreaterThan(0m);
        live.Services.GetRequiredService<DeliveryRateLimiter>().PaidToday.ShouldBe(50, "5 Stars pay for 50 messages above the free rate");
    }

    [Fact]
    public async Task When_the_bots_stars_run_out_the_refused_messages_go_again_at_the_free_rate()
    {
        await using var live = await LiveDelivery.StartAsync(new TelegramEmulatorOptions { StarsBalance = 2 }, PaidBroadcast(starsCap: 1000));
        var ids = await NotifyManyAsync(live, 120);

        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        var counters = live.Emulator.Counters;
        counters.MessagesSent.ShouldBe(120);
        counters.StarsSpent.ShouldBe(2m);
        counters.GetErrors(400).ShouldBeGreaterThan(0, "some paid broadcasts were refused");
        counters.TooManyRequests.ShouldBe(0);
        (await Task.WhenAll(ids.Select(id => live.Outbox.GetAsync(id).AsTask()))).ShouldAllBe(m => m!.State == OutboxState.Sent);
    }

    private static Action<SnsTelegramOptions> PaidBroadcast(decimal starsCap) => o =>
    {
        o.Delivery.MaxConcurrency = 64;
        o.Delivery.PaidBroadcast.Enabled = true;
        o.Delivery.PaidBroadcast.MessagesPerSecond = 1000;
        o.Delivery.PaidBroadcast.DailyStarsCap = starsCap;
    };

    /// <summary>Links <paramref name="count"/> users, one chat each, and queues one message to each.</summary>
    private static async Task<List<long>> NotifyManyAsync(LiveDelivery live, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            await live.LinkAsync($"u{i}", live.Emulator.CreateUser($"User{i}").ChatId);
            ids.Add((await live.Notifier.NotifyAsync(new TestMessage($"u{i}") { IdempotencyKey = $"m{i}" })).OutboxId!.Value);
        }

        return ids;
    }
}
