using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class PaidBroadcastLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 23, 59, 50, TimeSpan.Zero));

    [Fact]
    public void Sends_within_the_free_rate_are_free_the_rest_up_to_the_paid_rate_are_paid_and_all_go_as_paid_broadcasts()
    {
        using var limiter = Limiter(paidPerSecond: 100, starsCap: 1000);
        var leases = Enumerable.Range(0, 100).Select(i => Take(limiter, i)).ToArray();

        leases.Take(30).ShouldAllBe(l => !l.Paid && l.AllowPaidBroadcast);
        leases.Skip(30).ShouldAllBe(l => l.Paid && l.AllowPaidBroadcast);
        limiter.TryAcquire(100, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1), "the paid rate is used up for this second");
        limiter.PaidToday.ShouldBe(70);
    }

    [Fact]
    public void Once_todays_cap_is_spent_the_bot_is_back_at_the_free_rate_unflagged_until_the_next_utc_day()
    {
        // 1 Star pays for 10 messages above the free rate
        using var limiter = Limiter(paidPerSecond: 1000, starsCap: 1);
        var first = Enumerable.Range(0, 40).Select(i => Take(limiter, i)).ToArray();
        first.Count(l => l.Paid).ShouldBe(10);

        // the cap is spent: the free window is full, and what Telegram counted as free among the paid broadcasts must
        // leave it before an unflagged send may go
        limiter.TryAcquire(40, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var free = Enumerable.Range(41, 30).Select(i => Take(limiter, i)).ToArray();
        free.ShouldAllBe(l => !l.Paid && !l.AllowPaidBroadcast);
        limiter.TryAcquire(71, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1));
        limiter.PaidToday.ShouldBe(10);

        // a new UTC day (the clock started at 23:59:50): paid again
        _time.Advance(TimeSpan.FromSeconds(9));
        Enumerable.Range(100, 30).Select(i => Take(limiter, i)).ShouldAllBe(l => !l.Paid && l.AllowPaidBroadcast);
        Take(limiter, 130).Paid.ShouldBeTrue();
        limiter.PaidToday.ShouldBe(1);
    }

    [Fact]
    public void An_edit_never_pays()
    {
        using var limiter = Limiter(paidPerSecond: 1000, starsCap: 1000);
        for (var i = 0; i < 30; i++)
        {
            Take(limiter, i);
        }

        limiter.TryAcquire(99, TelegramChatType.Private, out _, mayPay: false).ShouldBe(TimeSpan.FromSeconds(1));
        Take(limiter, 98).Paid.ShouldBeTrue();
    }

    [Fact]
    public void A_refused_paid_broadcast_ends_paid_sends_for_the_day()
    {
        using var limiter = Limiter(paidPerSecond: 1000, starsCap: 1000);
        Take(limiter, 1).AllowPaidBroadcast.ShouldBeTrue();

        limiter.OnPaidBroadcastRefused();

        limiter.TryAcquire(2, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1), "the last paid broadcast leaves the window first");
        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 30; i++)
        {
            Take(limiter, 10 + i).AllowPaidBroadcast.ShouldBe(false);
        }

        limiter.TryAcquire(99, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1), "30 in this second, none paid");
    }

    [Fact]
    public void Per_chat_limits_do_not_change_with_paid_broadcasts()
    {
        using var limiter = Limiter(paidPerSecond: 1000, starsCap: 1000, configure: d => { d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 3; });
        for (var i = 0; i < 3; i++)
        {
            Take(limiter, 5);
        }

        limiter.TryAcquire(5, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Paid_broadcasts_off_flag_nothing()
    {
        using var limiter = Limiter(paidPerSecond: 1000, starsCap: 1000, configure: d => d.PaidBroadcast.Enabled = false);
        Enumerable.Range(0, 30).Select(i => Take(limiter, i)).ShouldAllBe(l => !l.Paid && !l.AllowPaidBroadcast);
        limiter.TryAcquire(30, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1));
    }

    private static RateLimitLease Take(DeliveryRateLimiter limiter, long chatId)
    {
        limiter.TryAcquire(chatId, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
        limiter.Complete(lease);
        return lease;
    }

    private DeliveryRateLimiter Limiter(int paidPerSecond, decimal starsCap, Action<DeliveryOptions>? configure = null)
    {
        var options = new SnsTelegramOptions();
        var d = options.Delivery;
        d.GlobalMessagesPerSecond = 30;
        d.PrivateChatMessagesPerSecond = 0;
        d.RateLimitSafetyMargin = TimeSpan.Zero;
        d.PaidBroadcast.Enabled = true;
        d.PaidBroadcast.MessagesPerSecond = paidPerSecond;
        d.PaidBroadcast.DailyStarsCap = starsCap;
        configure?.Invoke(d);
        return new DeliveryRateLimiter(Options.Create(options), _time);
    }
}
