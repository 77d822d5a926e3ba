using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Tests.Faults;

/// <summary>
/// A lease query that waited for the store while a send's outcome failed can return that message under a new lease: the
/// kept outcome takes the new lease (the dispatcher does not send the message again), and is written with it.
/// </summary>
public sealed class PendingOutcomeAdoptionTests
{
    [Fact]
    public async Task An_outcome_adopted_by_a_new_lease_is_written_with_that_lease()
    {
        var written = new ConcurrentQueue<string>();
        var failures = 1;
        using var pending = NewPending();
        pending.Add(7, "lease-a", "sent", (lease, _) =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("the store is down");
            }

            written.Enqueue(lease);
            return Task.FromResult(true);
        }, new IOException("the store is down"));

        pending.TryAdopt(7, "lease-b").ShouldBeTrue();
        pending.TryAdopt(8, "lease-c").ShouldBeFalse("message 8 has no kept outcome: it is sent as usual");
        await pending.WaitUntilWrittenAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        written.ShouldBe(["lease-b"]);
        pending.Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_outcome_adopted_while_it_is_written_under_the_old_lease_is_written_again_with_the_new_one()
    {
        var written = new ConcurrentQueue<string>();
        var firstWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letFirstWriteEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = 1;
        using var pending = NewPending();
        pending.Add(7, "lease-a", "sent", async (lease, _) =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("the store is down");
            }

            if (lease == "lease-a")
            {
                firstWriteStarted.TrySetResult();
                await letFirstWriteEnd.Task;
            }

            written.Enqueue(lease);
            return lease == "lease-b";
        }, new IOException("the store is down"));

        await firstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        pending.TryAdopt(7, "lease-b").ShouldBeTrue();
        letFirstWriteEnd.SetResult();
        await pending.WaitUntilWrittenAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // the write under lease-a found its lease gone in a real store and changed nothing; lease-b's write is the one that counts
        written.ShouldBe(["lease-a", "lease-b"]);
    }

    [Fact]
    public async Task An_outcome_whose_lease_was_gone_is_adopted_by_the_next_lease_of_its_message()
    {
        var written = new ConcurrentQueue<string>();
        using var pending = NewPending();

        // the store answered, but the lease had run out and a lease query still on its way took the message again
        pending.Orphan(7, "sent", (lease, _) =>
        {
            written.Enqueue(lease);
            return Task.FromResult(lease == "lease-b");
        });
        pending.Count.ShouldBe(0, "nothing waits for the store");

        pending.TryAdopt(7, "lease-b").ShouldBeTrue("that lease query's message is not sent again");
        await pending.WaitUntilWrittenAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        written.ShouldBe(["lease-b"]);
        pending.TryAdopt(7, "lease-c").ShouldBeFalse("an outcome is adopted once");
    }

    private static PendingOutcomes NewPending() =>
        new(Options.Create(new SnsTelegramOptions()), TimeProvider.System, NullLogger<PendingOutcomes>.Instance);
}
