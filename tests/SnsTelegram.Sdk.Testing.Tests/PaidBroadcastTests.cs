using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Testing.Tests;

/// <summary>Paid broadcasts (<c>allow_paid_broadcast</c>): a higher global limit, 0.1 Star per message above the free one.</summary>
public sealed class PaidBroadcastTests
{
    [Fact]
    public async Task A_paid_broadcast_goes_beyond_the_free_limit_and_each_message_above_it_costs_a_tenth_of_a_star()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { TimeProvider = time });
        var users = Enumerable.Range(0, 101).Select(_ => telegram.CreateUser()).ToArray();
        var bot = telegram.Bot();

        for (var i = 0; i < 100; i++)
        {
            await bot.SendMessage(users[i].Id, "news", allowPaidBroadcast: true);
        }

        telegram.Counters.MessagesSent.ShouldBe(100);
        telegram.Counters.PaidBroadcastMessages.ShouldBe(70);
        telegram.Counters.StarsSpent.ShouldBe(7.0m);

        // the free limit counts the free messages: 30 of them in this second, so a message without the flag is refused
        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(users[100].Id, "news"));
        refused.ErrorCode.ShouldBe(429);

        // a second later the free messages have left the window: free again, with or without the flag
        time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendMessage(users[100].Id, "news");
        await bot.SendMessage(users[0].Id, "more", allowPaidBroadcast: true);
        telegram.Counters.StarsSpent.ShouldBe(7.0m);
    }

    [Fact]
    public async Task The_paid_limit_counts_every_message_in_the_last_second()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions
        {
            TimeProvider = time,
            RateLimits = new TelegramEmulatorRateLimits { PaidBroadcastMessagesPerSecond = 50 },
        });
        var users = Enumerable.Range(0, 51).Select(_ => telegram.CreateUser()).ToArray();
        var bot = telegram.Bot();
        for (var i = 0; i < 50; i++)
        {
            await bot.SendMessage(users[i].Id, "news", allowPaidBroadcast: true);
        }

        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(users[50].Id, "news", allowPaidBroadcast: true));
        time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendMessage(users[50].Id, "news", allowPaidBroadcast: true);

        refused.ErrorCode.ShouldBe(429);
        refused.Parameters!.RetryAfter.ShouldBe(1);
        telegram.Counters.PaidBroadcastMessages.ShouldBe(20);
    }

    [Fact]
    public async Task A_paid_message_the_stars_balance_cannot_pay_for_is_refused_and_not_sent()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { TimeProvider = time, StarsBalance = 0.5m });
        var users = Enumerable.Range(0, 36).Select(_ => telegram.CreateUser()).ToArray();
        var bot = telegram.Bot();
        for (var i = 0; i < 35; i++)
        {
            await bot.SendMessage(users[i].Id, "news", allowPaidBroadcast: true);
        }

        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(users[35].Id, "news", allowPaidBroadcast: true));

        refused.ErrorCode.ShouldBe(400);
        refused.Message.ShouldBe("Bad Request: BALANCE_TOO_LOW");
        telegram.Counters.StarsSpent.ShouldBe(0.5m);
        telegram.Counters.MessagesSent.ShouldBe(35);
        telegram.GetMessages(users[35].Id).ShouldBeEmpty();

        // a free message is still free
        time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendMessage(users[35].Id, "news", allowPaidBroadcast: true);
        telegram.Counters.StarsSpent.ShouldBe(0.5m);
    }

    [Fact]
    public async Task Latency_jitter_varies_the_delay_of_each_call()
    {
        await using var telegram = await TestEmulator.StartAsync(o => o.LatencyJitter = TimeSpan.FromMilliseconds(300));
        var bot = telegram.Bot();
        await bot.GetMe();
        var durations = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var started = TimeProvider.System.GetTimestamp();
            await bot.GetMe();
            durations.Add(TimeProvider.System.GetElapsedTime(started));
        }

        // uniform in 0-300 ms: twenty calls spread over far more than 60 ms (the odds against are below one in a billion)
        (durations.Max() - durations.Min()).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(60));
        telegram.Faults.LatencyJitter.ShouldBe(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Invalid_paid_broadcast_and_jitter_settings_are_refused()
    {
        await Should.ThrowAsync<ArgumentException>(() => TelegramEmulator.StartAsync(new TelegramEmulatorOptions { LatencyJitter = TimeSpan.FromMilliseconds(-1) }));
        await Should.ThrowAsync<ArgumentException>(() => TelegramEmulator.StartAsync(new TelegramEmulatorOptions { StarsBalance = -1 }));
        await Should.ThrowAsync<ArgumentException>(() => TelegramEmulator.StartAsync(new TelegramEmulatorOptions
        {
            RateLimits = new TelegramEmulatorRateLimits { PaidBroadcastMessagesPerSecond = 10 },
        }));
    }
}
