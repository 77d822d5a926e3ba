using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Delivery;

namespace SnsTelegram.Sdk.Tests.Faults;

/// <summary>
/// A send already on its way to Telegram is never made a second time by the process that made it: not when the right to
/// send is lost meanwhile (an aborted HTTP call may still reach Telegram), and not when its lease runs out before the
/// answer comes (a slow answer, a starved CPU) and the next lease query of the same process returns the message.
/// </summary>
public sealed class InFlightSendTests
{
    [Fact]
    public async Task A_send_on_the_wire_when_the_term_is_lost_finishes_and_its_outcome_is_recorded_without_a_second_call()
    {
        var coordinator = new LosableCoordinator();
        await using var h = DeliveryHarness.Create(services: s => s.AddSingleton<IDispatchCoordinator>(coordinator));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = 0;
        h.Gateway.Hold = async ct =>
        {
            if (h.Gateway.Calls.Count == 1)
            {
                using var registration = ct.Register(() => Interlocked.Exchange(ref aborted, 1));
                await release.Task.WaitAsync(ct);
            }
        };
        var id = (await h.Outbox.EnqueueAsync(OutboxMessages.Due("m1", 101) with { CreatedAt = h.Time.GetUtcNow(), DueAt = h.Time.GetUtcNow() })).Id;

        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => h.Gateway.Calls.Count == 1, "the send is on the wire");
        coordinator.LoseCurrent();

        // the term is gone; the call is not cut short (an aborted call may still reach Telegram), whatever time it takes
        await Task.Delay(TimeSpan.FromSeconds(2));
        release.SetResult();
        await h.WaitForStateAsync(id, OutboxState.Sent);
        await Eventually.WaitUntilAsync(() => coordinator.Terms >= 2, "the next term begins");

        Volatile.Read(ref aborted).ShouldBe(0, "the call on the wire was not aborted");
        h.Gateway.Calls.Count.ShouldBe(1, "the message went to Telegram once");
        (await h.MessageAsync(id)).TelegramMessageId.ShouldNotBeNull("the outcome was written under the send's lease");
    }

    [Fact]
    public async Task A_message_whose_lease_ran_out_while_its_send_was_on_the_way_is_adopted_not_sent_again()
    {
        var lease = TimeSpan.FromSeconds(40);
        await using var h = DeliveryHarness.Create(o => o.Delivery.LeaseDuration = lease, s => s.AddFakeLogging());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Gateway.Hold = ct => h.Gateway.Calls.Count == 1 ? release.Task.WaitAsync(ct) : Task.CompletedTask;
        var id = (await h.Outbox.EnqueueAsync(OutboxMessages.Due("m1", 101) with { CreatedAt = h.Time.GetUtcNow(), DueAt = h.Time.GetUtcNow() })).Id;
        var logs = h.Services.GetRequiredService<FakeLogCollector>();

        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => h.Gateway.Calls.Count == 1, "the send is on the wire");

        // the answer is late: the lease runs out, and the dispatcher's next lease query returns the message
        h.Time.Advance(lease + TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(
            () => h.Gateway.Calls.Count > 1 || logs.GetSnapshot().Any(r => r.Id.Id == 2063),
            "the message is leased again");
        release.SetResult();
        await h.WaitForStateAsync(id, OutboxState.Sent);

        h.Gateway.Calls.Count.ShouldBe(1, "the message leased again is the one on the way: it is not sent twice");
        logs.GetSnapshot().ShouldContain(r => r.Id.Id == 2063);
        (await h.MessageAsync(id)).TelegramMessageId.ShouldNotBeNull("the outcome was written with the new lease");
    }

    /// <summary>A coordinator whose terms a test can end, as a broken database connection ends a real one.</summary>
    private sealed class LosableCoordinator : IDispatchCoordinator
    {
        private Term? _current;
        private int _terms;

        public int Terms => Volatile.Read(ref _terms);

        public ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var term = new Term();
            Volatile.Write(ref _current, term);
            Interlocked.Increment(ref _terms);
            return ValueTask.FromResult<IDispatchTerm>(term);
        }

        public void LoseCurrent() => Volatile.Read(ref _current)!.Lose();

        private sealed class Term : IDispatchTerm
        {
            private readonly CancellationTokenSource _lost = new();

            public CancellationToken Lost => _lost.Token;

            public bool FollowsAnotherProcess => false;

            public void Lose() => _lost.Cancel();

            public ValueTask DisposeAsync()
            {
                _lost.Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
