using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class RateLimitTests
{
    private static Task<TelegramEmulator> StartAsync(FakeTimeProvider time) =>
        TelegramEmulator.StartAsync(new TelegramEmulatorOptions { TimeProvider = time });

    [Fact]
    public async Task A_private_chat_takes_a_short_burst_then_429_with_retry_after_until_the_window_slides()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await StartAsync(time);
        var user = telegram.CreateUser();
        var bot = telegram.Bot();

        for (var i = 0; i < 3; i++)
        {
            await bot.SendMessage(user.Id, $"burst {i}");
        }

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "too fast"));
        time.Advance(TimeSpan.FromSeconds(error.Parameters!.RetryAfter!.Value));
        await bot.SendMessage(user.Id, "after waiting");

        error.ErrorCode.ShouldBe(429);
        error.Message.ShouldBe($"Too Many Requests: retry after {error.Parameters.RetryAfter}");
        error.Parameters.RetryAfter.ShouldBe(3);
        telegram.Counters.TooManyRequests.ShouldBe(1);
        telegram.GetMessages(user.Id).Count.ShouldBe(4);
    }

    [Fact]
    public async Task The_private_chat_window_slides_instead_of_resetting()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await StartAsync(time);
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await bot.SendMessage(user.Id, "1");
        time.Advance(TimeSpan.FromSeconds(2.5));
        await bot.SendMessage(user.Id, "2");
        await bot.SendMessage(user.Id, "3");

        // 3 sends within the last 3 s: refused although a fixed 3 s bucket starting at the first send would have reset
        time.Advance(TimeSpan.FromSeconds(0.4));
        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "4"));
        time.Advance(TimeSpan.FromSeconds(0.2));
        await bot.SendMessage(user.Id, "4");

        refused.ErrorCode.ShouldBe(429);
        refused.Parameters!.RetryAfter.ShouldBe(1);
    }

    [Fact]
    public async Task About_30_messages_per_second_overall()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await StartAsync(time);
        var users = Enumerable.Range(0, 31).Select(_ => telegram.CreateUser()).ToArray();
        var bot = telegram.Bot();

        for (var i = 0; i < 30; i++)
        {
            await bot.SendMessage(users[i].Id, "hi");
        }

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(users[30].Id, "hi"));
        time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendMessage(users[30].Id, "hi");

        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(1);
    }

    [Fact]
    public async Task About_20_messages_per_minute_to_a_group()
    {
        var time = new FakeTimeProvider();
        await using var telegram = await StartAsync(time);
        var group = telegram.CreateGroup();
        var bot = telegram.Bot();

        for (var i = 0; i < 20; i++)
        {
            await bot.SendMessage(group.Id, $"{i}");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(group.Id, "21st"));

        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(40);
    }

    [Fact]
    public async Task Limits_are_configurable_and_can_be_switched_off()
    {
        var time = new FakeTimeProvider();
        await using var strict = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions
        {
            TimeProvider = time,
            RateLimits = new TelegramEmulatorRateLimits { PrivateChatBurst = 1 },
        });
        await using var off = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled });
        var strictUser = strict.CreateUser();
        var offUser = off.CreateUser();

        await strict.Bot().SendMessage(strictUser.Id, "1");
        var error = await Should.ThrowAsync<ApiRequestException>(() => strict.Bot().SendMessage(strictUser.Id, "2"));
        for (var i = 0; i < 50; i++)
        {
            await off.Bot().SendMessage(offUser.Id, $"{i}");
        }

        error.ErrorCode.ShouldBe(429);
        off.GetMessages(offUser.Id).Count.ShouldBe(50);
    }
}
