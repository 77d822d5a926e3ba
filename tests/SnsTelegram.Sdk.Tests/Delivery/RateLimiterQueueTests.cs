using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>Senders waiting for a slot: most urgent lane first, in order within a lane, a chat's own window never holds the queue.</summary>
public sealed class RateLimiterQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_urgent_send_that_starts_waiting_after_bulk_sends_gets_the_next_slot_and_bulk_keeps_its_order()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 1);
        TakeSlot(limiter, 100);

        var bulk1 = Wait(limiter, 1, DeliveryLane.Bulk);
        var bulk2 = Wait(limiter, 2, DeliveryLane.Bulk);
        var normal = Wait(limiter, 3, DeliveryLane.Normal);
        var urgent = Wait(limiter, 4, DeliveryLane.Urgent);
        new[] { bulk1, bulk2, normal, urgent }.ShouldAllBe(t => !t.IsCompleted);

        var order = new List<string>();
        for (var second = 0; second < 4; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            foreach (var (name, task) in new[] { ("bulk1", bulk1), ("bulk2", bulk2), ("normal", normal), ("urgent", urgent) })
            {
                if (task.IsCompleted && !order.Contains(name))
                {
                    order.Add(name);
                    limiter.Complete((await task).Lease);
                }
            }

            order.Count.ShouldBe(second + 1, "one slot a second, to one sender");
        }

        order.ShouldBe(["urgent", "normal", "bulk1", "bulk2"]);
    }

    [Fact]
    public async Task Within_a_lane_the_first_to_wait_is_the_first_served()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 2);
        TakeSlot(limiter, 100);
        TakeSlot(limiter, 101);
        var waiting = Enumerable.Range(0, 6).Select(i => Wait(limiter, i, DeliveryLane.Normal)).ToArray();

        var served = new List<int>();
        for (var second = 0; second < 3; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < waiting.Length; i++)
            {
                if (waiting[i].IsCompleted && !served.Contains(i))
                {
                    served.Add(i);
                    limiter.Complete((await waiting[i]).Lease);
                }
            }
        }

        served.ShouldBe([0, 1, 2, 3, 4, 5]);
    }

    [Fact]
    public async Task A_send_waiting_for_its_own_chat_does_not_hold_up_sends_to_other_chats()
    {
        using var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 1; d.GroupMessagesPerMinute = 20; d.PrivateChatMessagesPerSecond = 0; });

        // the group's minute is used up, and so is this second's global slot
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            limiter.TryAcquire(-7, TelegramChatType.Group, out var lease).ShouldBe(TimeSpan.Zero);
            limiter.Complete(lease);
        }

        var group = Wait(limiter, -7, DeliveryLane.Urgent, TelegramChatType.Group);
        var other = Wait(limiter, 8, DeliveryLane.Bulk);
        _time.Advance(TimeSpan.FromSeconds(1));

        other.IsCompleted.ShouldBeTrue("the urgent send waits for its group's window, not for the global slot");
        group.IsCompleted.ShouldBeFalse();
        limiter.Complete((await other).Lease);

        _time.Advance(TimeSpan.FromSeconds(39));
        group.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        group.IsCompleted.ShouldBeTrue("the group's oldest send of the minute has left its window");
        (await group).Acquired.ShouldBeTrue();
    }

    [Fact]
    public async Task A_new_send_does_not_jump_ahead_of_senders_already_waiting_in_its_lane()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 1);
        TakeSlot(limiter, 100);
        var first = Wait(limiter, 1, DeliveryLane.Normal);
        _time.Advance(TimeSpan.FromSeconds(1));
        first.IsCompleted.ShouldBeTrue();
        limiter.Complete((await first).Lease);

        // at the moment the next slot frees, a sender already waiting gets it, not one that asks at that moment
        var second = Wait(limiter, 2, DeliveryLane.Normal);
        _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        second.IsCompleted.ShouldBeFalse();
        limiter.TryAcquire(3, TelegramChatType.Private, out _).ShouldBeGreaterThan(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromTicks(1));
        second.IsCompleted.ShouldBeTrue();
        limiter.TryAcquire(3, TelegramChatType.Private, out _).ShouldBeGreaterThan(TimeSpan.Zero, "the slot went to the waiting sender");
    }

    [Fact]
    public async Task A_429_pause_longer_than_a_waiting_senders_limit_sends_it_away_without_a_slot()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 1);
        TakeSlot(limiter, 100);
        var patient = Wait(limiter, 1, DeliveryLane.Normal, maxWait: TimeSpan.FromMinutes(1));
        var hasty = Wait(limiter, 2, DeliveryLane.Urgent, maxWait: TimeSpan.FromSeconds(3));

        limiter.OnRateLimited(100, TelegramChatType.Private, TimeSpan.FromSeconds(10));

        var gaveUp = await hasty.WaitAsync(TimeSpan.FromSeconds(30));
        gaveUp.Acquired.ShouldBeFalse();
        gaveUp.Wait.ShouldBe(TimeSpan.FromSeconds(10));
        patient.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(10));
        (await patient.WaitAsync(TimeSpan.FromSeconds(30))).Acquired.ShouldBeTrue();
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_gives_its_place_to_the_next_sender()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 1);
        TakeSlot(limiter, 100);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.WaitForSlotAsync(1, TelegramChatType.Private, DeliveryLane.Urgent, mayPay: true, Long, cancel.Token).AsTask();
        var next = Wait(limiter, 2, DeliveryLane.Bulk);

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        _time.Advance(TimeSpan.FromSeconds(1));

        next.IsCompleted.ShouldBeTrue();
        (await next).Acquired.ShouldBeTrue();
    }

    [Fact]
    public async Task Many_senders_at_once_each_get_one_slot_and_never_more_than_the_limit_in_any_second()
    {
        using var limiter = Limiter(d => d.GlobalMessagesPerSecond = 5);
        var lanes = new[] { DeliveryLane.Bulk, DeliveryLane.Normal, DeliveryLane.Urgent };
        var waits = Enumerable.Range(0, 40).Select(i => Wait(limiter, i, lanes[i % 3])).ToArray();
        var served = new List<DateTimeOffset>();
        var done = new HashSet<int>();
        for (var step = 0; step < 100 && done.Count < waits.Length; step++)
        {
            for (var i = 0; i < waits.Length; i++)
            {
                if (waits[i].IsCompleted && done.Add(i))
                {
                    (await waits[i]).Acquired.ShouldBeTrue();
                    served.Add(_time.GetUtcNow());
                    limiter.Complete((await waits[i]).Lease);
                }
            }

            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        done.Count.ShouldBe(40);
        DeliveryRateLimiterTests.MaxInAnyWindow(served, TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(5);
    }

    private Task<RateSlot> Wait(DeliveryRateLimiter limiter, long chatId, DeliveryLane lane, TelegramChatType type = TelegramChatType.Private, TimeSpan? maxWait = null) =>
        limiter.WaitForSlotAsync(chatId, type, lane, mayPay: true, maxWait ?? Long, CancellationToken.None).AsTask();

    private static void TakeSlot(DeliveryRateLimiter limiter, long chatId)
    {
        limiter.TryAcquire(chatId, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
        limiter.Complete(lease);
    }

    private DeliveryRateLimiter Limiter(Action<DeliveryOptions> configure)
    {
        var options = new SnsTelegramOptions();
        options.Delivery.PrivateChatMessagesPerSecond = 0;
        options.Delivery.RateLimitSafetyMargin = TimeSpan.Zero;
        configure(options.Delivery);
        return new DeliveryRateLimiter(Options.Create(options), _time);
    }
}
