using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class DeliveryRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_global_limit_allows_a_full_window_at_once_then_waits_for_the_oldest_send_to_leave_it()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 30; d.PrivateChatMessagesPerSecond = 0; d.RateLimitSafetyMargin = TimeSpan.FromMilliseconds(40); });

        for (var i = 0; i < 30; i++)
        {
            Acquire(limiter, i, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        }

        Acquire(limiter, 99, TelegramChatType.Private).ShouldBe(TimeSpan.FromMilliseconds(1040));
        _time.Advance(TimeSpan.FromMilliseconds(1039));
        Acquire(limiter, 99, TelegramChatType.Private).ShouldBe(TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Acquire(limiter, 99, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(30, 0)]
    [InlineData(30, 40)]
    [InlineData(7.5, 0)]
    public void Greedy_senders_never_exceed_the_limit_in_any_one_second_window(double rate, int marginMs)
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = rate; d.PrivateChatMessagesPerSecond = 0; d.RateLimitSafetyMargin = TimeSpan.FromMilliseconds(marginMs); });
        var random = new Random(7);
        var sends = new List<DateTimeOffset>();
        var end = _time.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (_time.GetUtcNow() < end)
        {
            var wait = Acquire(limiter, random.Next(1000), TelegramChatType.Private);
            if (wait == TimeSpan.Zero)
            {
                sends.Add(_time.GetUtcNow());
            }
            else
            {
                // wake up exactly when told, or a little later, like a real timer
                _time.Advance(wait + TimeSpan.FromMilliseconds(random.Next(0, 3)));
            }
        }

        var max = (int)Math.Floor(rate);
        MaxInAnyWindow(sends, TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(max);

        // and the pacing is not wasteful: over 20 s it sends close to the allowed rate
        sends.Count.ShouldBeGreaterThan((int)(rate * 20 * 0.9));
    }

    [Fact]
    public void A_private_chat_gets_its_burst_then_one_message_per_second_on_average()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 3; d.RateLimitSafetyMargin = TimeSpan.Zero; });

        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.FromSeconds(3));

        // another chat is not affected
        Acquire(limiter, 6, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_group_gets_at_most_its_per_minute_limit_in_any_minute()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.GroupMessagesPerMinute = 20; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        for (var i = 0; i < 20; i++)
        {
            Acquire(limiter, -100, TelegramChatType.Group).ShouldBe(TimeSpan.Zero);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Acquire(limiter, -100, TelegramChatType.Group).ShouldBe(TimeSpan.FromSeconds(40));
        Acquire(limiter, -200, TelegramChatType.Supergroup).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_429_pauses_every_chat_for_retry_after_and_refills_the_chats_window()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 30; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 1; d.RateLimitSafetyMargin = TimeSpan.Zero; });

        limiter.OnRateLimited(1, TelegramChatType.Private, TimeSpan.FromSeconds(5));

        Acquire(limiter, 2, TelegramChatType.Private).ShouldBe(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));
        Acquire(limiter, 2, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        Acquire(limiter, 1, TelegramChatType.Private).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Limits_off_allow_everything_except_during_a_429_pause()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 0; d.GroupMessagesPerMinute = 0; });
        limiter.IsUnlimited.ShouldBeTrue();
        for (var i = 0; i < 10_000; i++)
        {
            Acquire(limiter, 1, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        }

        limiter.OnRateLimited(1, TelegramChatType.Private, TimeSpan.FromSeconds(2));
        Acquire(limiter, 3, TelegramChatType.Group).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Idle_chats_are_forgotten()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 1; });
        var first = WindowsOf(limiter, 0, 5000);

        _time.Advance(TimeSpan.FromSeconds(5));
        WindowsOf(limiter, 5000, 10_000);

        // Nothing but the limiter holds a chat's window: once it forgets an idle chat, the window can be collected.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        first.Count(w => w.IsAlive).ShouldBe(0, "the windows of chats idle for 5 s are dropped");
    }

    [Fact]
    public async Task WaitForSlotAsync_waits_on_the_time_provider()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 1; d.PrivateChatMessagesPerSecond = 0; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        var first = await limiter.WaitForSlotAsync(1, TelegramChatType.Private, DeliveryLane.Normal, mayPay: true, TimeSpan.FromSeconds(5), CancellationToken.None);
        first.Acquired.ShouldBeTrue();
        limiter.Complete(first.Lease);

        var second = limiter.WaitForSlotAsync(2, TelegramChatType.Private, DeliveryLane.Normal, mayPay: true, TimeSpan.FromSeconds(5), CancellationToken.None).AsTask();
        second.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Acquired.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitForSlotAsync_answers_a_wait_longer_than_allowed_at_once_without_reserving()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.GroupMessagesPerMinute = 1; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        Acquire(limiter, -5, TelegramChatType.Group).ShouldBe(TimeSpan.Zero);

        var slot = await limiter.WaitForSlotAsync(-5, TelegramChatType.Group, DeliveryLane.Normal, mayPay: true, TimeSpan.FromSeconds(3), CancellationToken.None);

        slot.Acquired.ShouldBeFalse();
        slot.Wait.ShouldBe(TimeSpan.FromMinutes(1));
        slot.Lease.ShouldBe(default);
        _time.Advance(TimeSpan.FromMinutes(1));
        Acquire(limiter, -5, TelegramChatType.Group).ShouldBe(TimeSpan.Zero, "the group's one send a minute was not taken");
    }

    [Fact]
    public void A_slow_answer_counts_from_when_it_came_back_so_the_next_sends_do_not_bunch_up_behind_it()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 3; d.RateLimitSafetyMargin = TimeSpan.FromMilliseconds(40); });

        // the first send takes 1.5 s, with no round trip measured before it: Telegram may have counted it as late as its answer
        limiter.TryAcquire(5, TelegramChatType.Private, out var slow).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        limiter.Complete(slow);
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.Zero);

        // three sends now count from 1.5 s or later: the fourth waits until 1.5 + 3.04 s (3 s widened by the margin)
        Acquire(limiter, 5, TelegramChatType.Private).ShouldBe(TimeSpan.FromSeconds(3.04));
    }

    [Fact]
    public void A_send_on_the_wire_never_leaves_the_window()
    {
        var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 2; d.PrivateChatMessagesPerSecond = 0; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        limiter.TryAcquire(1, TelegramChatType.Private, out var a).ShouldBe(TimeSpan.Zero);
        limiter.TryAcquire(2, TelegramChatType.Private, out var b).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(5));

        // both are still on the wire: nothing may start until one comes back
        Acquire(limiter, 3, TelegramChatType.Private).ShouldBeGreaterThan(TimeSpan.Zero);
        limiter.Complete(a);
        Acquire(limiter, 3, TelegramChatType.Private).ShouldBe(TimeSpan.FromSeconds(1));
        limiter.Complete(b);
    }

    /// <summary>Reserves a send that is answered at once.</summary>
    private static TimeSpan Acquire(DeliveryRateLimiter limiter, long chatId, TelegramChatType type)
    {
        var wait = limiter.TryAcquire(chatId, type, out var lease);
        limiter.Complete(lease);
        return wait;
    }

    /// <summary>Sends once to each chat from <paramref name="from"/> up to <paramref name="to"/>; weak references to their windows.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<WeakReference> WindowsOf(DeliveryRateLimiter limiter, long from, long to)
    {
        var windows = new List<WeakReference>();
        for (var chat = from; chat < to; chat++)
        {
            limiter.TryAcquire(chat, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
            limiter.Complete(lease);
            windows.Add(new WeakReference(lease.Chat.ShouldNotBeNull()));
        }

        return windows;
    }

    internal static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sends, TimeSpan window)
    {
        var sorted = sends.OrderBy(s => s).ToArray();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            // the window (t - window, t] ending at each send: any window position holds at most as many as one of these
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    private DeliveryRateLimiter Limiter(Action<DeliveryOptions> configure)
    {
        var options = new SnsTelegramOptions();
        configure(options.Delivery);
        return new DeliveryRateLimiter(Options.Create(options), _time);
    }
}
