using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>
/// An idle sender whose coordinator wakes it for every enqueue sleeps until the store's next due time instead of polling
/// the store every <see cref="DeliveryOptions.PollInterval"/>; one whose coordinator cannot keeps polling.
/// </summary>
public sealed class IdleDispatcherTests
{
    [Fact]
    public async Task An_idle_sender_asks_the_store_nothing_until_it_is_woken()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        await using var h = await WokenOnEveryEnqueueAsync(outbox);
        await h.StartAsync();

        // the first lease finds nothing, the next due time says nothing is pending: the sender sleeps
        await Eventually.WaitUntilAsync(() => Task.FromResult(outbox.NextDueQueries == 1), "the idle sender asked for the next due time");
        var leases = outbox.Leases;
        for (var i = 0; i < 60; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(100);
        outbox.Leases.ShouldBe(leases);
        outbox.NextDueQueries.ShouldBe(1);

        // an enqueue wakes it at once, without the clock moving
        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.WaitForStateAsync(id, OutboxState.Sent);
        outbox.Leases.ShouldBeGreaterThan(leases);
    }

    [Fact]
    public async Task A_message_due_in_ten_minutes_is_sent_at_its_time_without_polling_meanwhile()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        await using var h = await WokenOnEveryEnqueueAsync(outbox);
        var due = DeliveryHarness.Start + TimeSpan.FromMinutes(10);
        var id = (await h.Outbox.EnqueueAsync(Message("later", 1, due) with { UserId = "u" })).Id;
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(outbox.NextDueQueries == 1), "the idle sender asked for the next due time");
        var leases = outbox.Leases;

        // a second at a time up to one second before: each wait is at most a lease's length (2 minutes), so at most
        // five lease queries in ten minutes, where a one-second poll would have made 599
        for (var i = 0; i < 599; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(100);
        (await h.MessageAsync(id)).State.ShouldBe(OutboxState.Pending);
        h.Gateway.Calls.ShouldBeEmpty();
        (outbox.Leases - leases).ShouldBeLessThanOrEqualTo(5);

        // the sender's timer was set from the fake clock while the test moved it, so it may fire a step late
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if ((await h.MessageAsync(id)).State == OutboxState.Sent)
                {
                    return true;
                }

                h.Time.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            "the message is sent at its due time");
        (await h.MessageAsync(id)).CompletedAt!.Value.ShouldBeInRange(due, due + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_message_that_falls_due_while_the_lease_query_runs_is_sent_at_once_not_after_a_poll()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        await using var h = await WokenOnEveryEnqueueAsync(outbox);
        var due = DeliveryHarness.Start + TimeSpan.FromMilliseconds(5);
        var id = (await h.Outbox.EnqueueAsync(Message("soon", 1, due) with { UserId = "u" })).Id;

        // The first lease query goes by a time before the message is due, and the clock passes the due time while it
        // runs (a slow query; a timer that fired a few milliseconds early): the next due time is then in the past.
        outbox.AfterLease = number =>
        {
            if (number == 1)
            {
                h.Time.Advance(TimeSpan.FromMilliseconds(10));
            }
        };
        await h.StartAsync();

        // sent without the clock moving again: a poll would wait for the poll interval (the harness's is a second)
        await h.WaitForStateAsync(id, OutboxState.Sent);
        (await h.MessageAsync(id)).CompletedAt.ShouldBe(due + TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task A_sender_that_is_not_woken_for_other_instances_keeps_polling()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        await using var h = DeliveryHarness.Create(services: s => s.AddSingleton<IOutboxStore>(outbox));
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(outbox.Leases == 1), "the first lease query");

        // another process may write to the store unseen: every poll interval is a lease query, and no next-due query
        for (var i = 2; i <= 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            var expected = i;
            await Eventually.WaitUntilAsync(() => Task.FromResult(outbox.Leases == expected), $"lease query {expected}");
        }

        outbox.NextDueQueries.ShouldBe(0);
    }

    [Fact]
    public async Task The_in_memory_store_answers_the_due_time_of_each_chats_oldest_message_or_the_end_of_its_lease()
    {
        var store = new InMemoryOutboxStore();
        var now = DeliveryHarness.Start;
        (await store.NextDueAsync(now)).ShouldBeNull();

        await store.EnqueueAsync(Message("a1", 1, now + TimeSpan.FromMinutes(5)));
        await store.EnqueueAsync(Message("a2", 1, now));
        await store.EnqueueAsync(Message("b1", 2, now + TimeSpan.FromMinutes(3)));

        // a2 is due but waits behind a1, its chat's older message
        (await store.NextDueAsync(now)).ShouldBe(now + TimeSpan.FromMinutes(3));

        var lease = (await store.LeaseAsync(10, now + TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2))).ShouldHaveSingleItem();
        lease.Message.IdempotencyKey.ShouldBe("b1");
        (await store.NextDueAsync(now + TimeSpan.FromMinutes(3))).ShouldBe(now + TimeSpan.FromMinutes(5));
        (await store.MarkSentAsync(lease.Message.Id, lease.LeaseId, now + TimeSpan.FromMinutes(3), 1)).ShouldBeTrue();

        var first = (await store.LeaseAsync(10, now + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2))).ShouldHaveSingleItem();
        first.Message.IdempotencyKey.ShouldBe("a1");

        // the leased message can be taken again when its lease runs out
        (await store.NextDueAsync(now + TimeSpan.FromMinutes(5))).ShouldBe(now + TimeSpan.FromMinutes(7));
    }

    /// <summary>A harness on <paramref name="outbox"/> whose coordinator wakes the sender for every enqueue, user "u" linked to chat 1.</summary>
    private static async Task<DeliveryHarness> WokenOnEveryEnqueueAsync(CountingOutbox outbox)
    {
        var h = DeliveryHarness.Create(services: s => s.AddSingleton<IOutboxStore>(outbox).AddSingleton<IDispatchCoordinator>(new WakingCoordinator()));
        await h.LinkAsync("u", 1);
        return h;
    }

    private static OutboxMessage Message(string key, long chat, DateTimeOffset due) => new()
    {
        IdempotencyKey = key,
        UserId = "u" + chat,
        ChatId = chat,
        NotificationType = NotificationTypes.Test,
        Message = new TelegramMessage(key),
        CreatedAt = DeliveryHarness.Start,
        DueAt = due,
    };

    /// <summary>A coordinator for one process whose every enqueue wakes the sender (through the notifier), and says so.</summary>
    private sealed class WakingCoordinator : IDispatchCoordinator
    {
        public ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken) => ValueTask.FromResult<IDispatchTerm>(new Term());

        private sealed class Term : IDispatchTerm
        {
            public CancellationToken Lost => CancellationToken.None;

            public bool FollowsAnotherProcess => false;

            public bool WakesOnEveryEnqueue => true;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
