using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>
/// A sender that waits for a rate slot or for a sender goes on on the thread that serves it (the limiter's timer, the send
/// that freed the slot or the sender), after the serving code has let go of its lock: no work item for another thread to
/// wake for.
/// </summary>
public sealed class InlineServingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_waiter_served_by_the_limiters_timer_goes_on_on_the_timers_thread_and_may_use_the_limiter_at_once()
    {
        using var limiter = Limiter();
        limiter.TryAcquire(100, TelegramChatType.Private, out var first).ShouldBe(TimeSpan.Zero);
        limiter.Complete(first);

        var ranOn = -1;
        var calledBack = TimeSpan.MinValue;
        var waiter = GoOnAsync();

        // FakeTimeProvider fires the limiter's timer inside Advance, on the thread that calls it: a thread-pool thread
        // here, as a real timer's callback runs on (the test's own thread has a synchronization context, which never
        // runs a continuation inline)
        var (timerThread, ranBeforeAdvanceReturned) = await Task.Run(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return (Environment.CurrentManagedThreadId, Volatile.Read(ref ranOn));
        });
        ranBeforeAdvanceReturned.ShouldBe(timerThread, "the waiter's code ran inside the timer's callback, not on another thread");
        calledBack.ShouldBeGreaterThan(TimeSpan.Zero, "the waiter used the limiter from inside its continuation and found the window full");
        await waiter;

        async Task GoOnAsync()
        {
            // no captured context: the continuation runs where the task is completed
            var slot = await limiter.WaitForSlotAsync(1, TelegramChatType.Private, DeliveryLane.Normal, mayPay: true, Long, CancellationToken.None).ConfigureAwait(false);
            ranOn = Environment.CurrentManagedThreadId;
            slot.Acquired.ShouldBeTrue();
            limiter.Complete(slot.Lease);
            calledBack = limiter.TryAcquire(2, TelegramChatType.Private, out _);
        }
    }

    [Fact]
    public async Task A_waiter_cancelled_while_it_waits_for_a_slot_ends_cancelled_and_leaves_the_slot_to_the_next()
    {
        using var limiter = Limiter();
        limiter.TryAcquire(100, TelegramChatType.Private, out var first).ShouldBe(TimeSpan.Zero);
        limiter.Complete(first);
        using var cancel = new CancellationTokenSource();
        var gone = limiter.WaitForSlotAsync(1, TelegramChatType.Private, DeliveryLane.Urgent, mayPay: true, Long, cancel.Token).AsTask();
        var next = limiter.WaitForSlotAsync(2, TelegramChatType.Private, DeliveryLane.Normal, mayPay: true, Long, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(gone);
        _time.Advance(TimeSpan.FromSeconds(1));
        next.IsCompletedSuccessfully.ShouldBeTrue("the cancelled urgent waiter did not keep the slot");
        (await next).Acquired.ShouldBeTrue();
    }

    [Fact]
    public async Task A_released_sender_goes_on_in_the_waiter_on_the_releasing_thread()
    {
        var gate = new SenderGate(1);
        (await gate.WaitAsync(DeliveryLane.Normal, CancellationToken.None)).ShouldBeFalse();
        var ranOn = -1;
        var waiter = GoOnAsync();
        ranOn.ShouldBe(-1);

        var (releasingThread, ranBeforeReleaseReturned) = await Task.Run(() =>
        {
            gate.Release(fromReserve: false);
            return (Environment.CurrentManagedThreadId, Volatile.Read(ref ranOn));
        });
        ranBeforeReleaseReturned.ShouldBe(releasingThread, "the waiter's code ran inside Release");
        await waiter;

        async Task GoOnAsync()
        {
            await gate.WaitAsync(DeliveryLane.Normal, CancellationToken.None).ConfigureAwait(false);
            ranOn = Environment.CurrentManagedThreadId;

            // the gate's lock is free here: giving the sender back and taking it again works at once
            gate.Release(fromReserve: false);
            (await gate.WaitAsync(DeliveryLane.Normal, CancellationToken.None).ConfigureAwait(false)).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_sender_given_to_a_waiter_that_gives_up_at_that_moment_goes_to_the_next_one()
    {
        for (var round = 0; round < 200; round++)
        {
            var gate = new SenderGate(1);
            (await gate.WaitAsync(DeliveryLane.Normal, CancellationToken.None)).ShouldBeFalse();
            using var cancel = new CancellationTokenSource();
            var givesUp = gate.WaitAsync(DeliveryLane.Normal, cancel.Token);
            var next = gate.WaitAsync(DeliveryLane.Normal, CancellationToken.None);

            // the release and the cancellation race: whichever wins, the sender is never lost
            await Task.WhenAll(Task.Run(() => gate.Release(fromReserve: false)), Task.Run(cancel.Cancel));
            var first = await Task.WhenAny(givesUp, Task.Delay(TimeSpan.FromSeconds(30)));
            first.ShouldBe(givesUp);
            if (givesUp.IsCanceled)
            {
                (await next.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeFalse("the sender went on to the next waiter");
            }
            else
            {
                next.IsCompleted.ShouldBeFalse("the first waiter has the one sender");
                gate.Release(fromReserve: false);
                await next.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }

    private DeliveryRateLimiter Limiter()
    {
        var options = new SnsTelegramOptions();
        options.Delivery.GlobalMessagesPerSecond = 1;
        options.Delivery.PrivateChatMessagesPerSecond = 0;
        options.Delivery.RateLimitSafetyMargin = TimeSpan.Zero;
        return new DeliveryRateLimiter(Options.Create(options), _time);
    }
}
