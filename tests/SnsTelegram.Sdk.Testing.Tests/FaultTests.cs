using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task The_next_calls_fail_with_500_in_Telegrams_envelope_then_succeed()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        telegram.Faults.FailNext(2, 500, "sendMessage");

        var first = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "1"));
        await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "2"));
        await bot.GetMe();
        await bot.SendMessage(user.Id, "3");

        first.ErrorCode.ShouldBe(500);
        telegram.GetMessages(user.Id).ShouldHaveSingleItem().Text.ShouldBe("3");
        telegram.Counters.FaultsInjected.ShouldBe(2);
        telegram.Counters.GetErrors(500).ShouldBe(2);
    }

    [Fact]
    public async Task A_migration_answer_names_the_given_chat_whatever_the_chat_sent_to_and_sends_nothing()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var other = telegram.CreateUser();
        var bot = telegram.Bot();
        telegram.Faults.AnswerMigratedNext(1, other.Id, "sendMessage");

        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "1"));
        await bot.SendMessage(user.Id, "2");

        refused.ErrorCode.ShouldBe(400);
        refused.Parameters.ShouldNotBeNull().MigrateToChatId.ShouldBe(other.Id);
        telegram.GetMessages(user.Id).ShouldHaveSingleItem().Text.ShouldBe("2");
        telegram.GetMessages(other.Id).ShouldBeEmpty();
        telegram.Counters.FaultsInjected.ShouldBe(1);
    }

    [Fact]
    public async Task A_502_answers_the_proxy_page_not_the_envelope()
    {
        await using var telegram = await TestEmulator.StartAsync();
        telegram.Faults.FailNext(1, 502);

        var error = await Should.ThrowAsync<RequestException>(() => telegram.Bot().GetMe());

        error.ShouldNotBeOfType<ApiRequestException>();
        error.HttpStatusCode.ShouldBe(System.Net.HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task A_share_of_calls_fails_evenly()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        telegram.Faults.FailShare(0.25, 503);

        var failures = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await bot.SendMessage(user.Id, $"{i}");
            }
            catch (RequestException error) when (error.HttpStatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                failures++;
            }
        }

        telegram.Faults.Reset();
        await bot.SendMessage(user.Id, "after reset");
        failures.ShouldBe(5);
        telegram.GetMessages(user.Id).Count.ShouldBe(16);
    }

    [Fact]
    public async Task Injected_429_carries_retry_after()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        telegram.Faults.TooManyRequestsNext(1, retryAfterSeconds: 7);

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SendMessage(user.Id, "x"));

        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(7);
        telegram.Counters.TooManyRequests.ShouldBe(1);
    }

    [Fact]
    public async Task A_dropped_connection_gives_no_answer_and_sends_nothing()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        telegram.Faults.DropNext(1);

        await Should.ThrowAsync<RequestException>(() => telegram.Bot().SendMessage(user.Id, "lost"));

        telegram.GetMessages(user.Id).ShouldBeEmpty();
        telegram.Counters.ConnectionsDropped.ShouldBe(1);
    }

    [Fact]
    public async Task A_connection_dropped_after_processing_sent_the_message_but_lost_the_answer()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        telegram.Faults.DropNext(1, afterProcessing: true);

        await Should.ThrowAsync<RequestException>(() => telegram.Bot().SendMessage(user.Id, "sent twice?"));

        telegram.GetMessages(user.Id).ShouldHaveSingleItem().Text.ShouldBe("sent twice?");
    }

    [Fact]
    public async Task A_delayed_answer_outlasts_a_short_client_timeout()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();
        telegram.Faults.DelayNext(1, TimeSpan.FromSeconds(120));

        using var giveUp = new CancellationTokenSource();
        var delayed = bot.GetMe(giveUp.Token);
        await Eventually.WaitUntilAsync(() => telegram.Counters.FaultsInjected == 1, "the fault is injected", TestSupport.Wait); // the emulator holds the answer back
        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => delayed);
        var me = await bot.GetMe();

        me.Id.ShouldBe(telegram.BotId);
        telegram.Counters.FaultsInjected.ShouldBe(1);
    }

    [Fact]
    public async Task Latency_applies_to_every_call_and_can_be_changed_at_run_time()
    {
        await using var telegram = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromSeconds(120));
        var user = telegram.CreateUser();
        var bot = telegram.Bot();

        using var giveUp = new CancellationTokenSource();
        var slow = bot.SendMessage(user.Id, "held", cancellationToken: giveUp.Token);
        await Eventually.WaitUntilAsync(() => telegram.Counters.GetCalls("sendMessage") == 1, "the call has arrived", TestSupport.Wait); // the call arrived and waits out the latency
        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => slow);
        telegram.Faults.Latency = TimeSpan.Zero;
        await bot.SendMessage(user.Id, "after");

        // The held call never got past the latency: a message is recorded only once its call is processed, and the
        // call that came after it (with no latency) was.
        telegram.GetMessages(user.Id).ShouldHaveSingleItem().Text.ShouldBe("after");
        telegram.Counters.GetCalls("sendMessage").ShouldBe(2);
    }

    [Fact]
    public async Task Invalid_fault_settings_are_refused()
    {
        await using var telegram = await TestEmulator.StartAsync();

        Should.Throw<ArgumentOutOfRangeException>(() => telegram.Faults.FailNext(1, 404));
        Should.Throw<ArgumentOutOfRangeException>(() => telegram.Faults.FailShare(1.5));
        Should.Throw<ArgumentOutOfRangeException>(() => telegram.Faults.DropNext(0));
    }
}
