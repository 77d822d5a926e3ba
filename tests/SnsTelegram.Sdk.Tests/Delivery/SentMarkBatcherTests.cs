using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class SentMarkBatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(5);

    private static async Task<(CountingOutbox Outbox, IReadOnlyList<OutboxLease> Leases)> LeasedAsync(int count)
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        await ((IOutboxStore)outbox).EnqueueManyAsync([.. Enumerable.Range(0, count).Select(i => new OutboxMessage
        {
            IdempotencyKey = $"m{i}",
            UserId = $"u{i}",
            ChatId = i + 1,
            NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage("hi"),
            CreatedAt = T0,
            DueAt = T0,
        })]);
        return (outbox, await outbox.LeaseAsync(count, T0, TimeSpan.FromMinutes(1)));
    }

    private static OutboxSentMark Mark(OutboxLease lease, long telegramId) => new(lease.Message.Id, lease.LeaseId, T0, telegramId);

    [Fact]
    public async Task A_mark_with_no_write_under_way_is_written_at_once_alone()
    {
        var (outbox, leases) = await LeasedAsync(2);
        var batcher = new SentMarkBatcher(outbox, StoreTimeout, new FakeTimeProvider(T0));

        (await batcher.MarkSentAsync(Mark(leases[0], 10), CancellationToken.None)).ShouldBeTrue();
        (await batcher.MarkSentAsync(Mark(leases[1], 11), CancellationToken.None)).ShouldBeTrue();

        outbox.MarkLists.ShouldBe([1, 1]);
        (await outbox.GetAsync(leases[1].Message.Id)).ShouldNotBeNull().TelegramMessageId.ShouldBe(11);
    }

    [Fact]
    public async Task Marks_that_arrive_while_a_write_is_under_way_are_written_together_next()
    {
        var (outbox, leases) = await LeasedAsync(6);
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        outbox.HoldMarks = n => n == 1 ? firstWrite.Task : Task.CompletedTask;
        var batcher = new SentMarkBatcher(outbox, StoreTimeout, new FakeTimeProvider(T0));

        var first = batcher.MarkSentAsync(Mark(leases[0], 100), CancellationToken.None);
        var stale = batcher.MarkSentAsync(new OutboxSentMark(leases[1].Message.Id, "another-lease", T0, 101), CancellationToken.None);
        var rest = leases.Skip(2).Select((l, i) => batcher.MarkSentAsync(Mark(l, 102 + i), CancellationToken.None)).ToList();
        first.IsCompleted.ShouldBeFalse();

        firstWrite.SetResult();
        (await first).ShouldBeTrue();
        (await stale).ShouldBeFalse("a mark applies only under its own lease");
        (await Task.WhenAll(rest)).ShouldAllBe(applied => applied);

        outbox.MarkLists.ShouldBe([1, 5]);
        outbox.SingleMarks.ShouldBe(0);
        (await outbox.GetAsync(leases[5].Message.Id)).ShouldNotBeNull().State.ShouldBe(OutboxState.Sent);
        (await outbox.GetAsync(leases[1].Message.Id)).ShouldNotBeNull().State.ShouldBe(OutboxState.Pending);
    }

    [Fact]
    public async Task A_write_that_fails_fails_every_mark_in_it_and_the_next_marks_are_written_anew()
    {
        var (outbox, leases) = await LeasedAsync(4);
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        outbox.HoldMarks = n => n switch
        {
            1 => firstWrite.Task,
            2 => Task.FromException(new IOException("database is locked")),
            _ => Task.CompletedTask,
        };
        var batcher = new SentMarkBatcher(outbox, StoreTimeout, new FakeTimeProvider(T0));

        var first = batcher.MarkSentAsync(Mark(leases[0], 1), CancellationToken.None);
        var failing = new[] { batcher.MarkSentAsync(Mark(leases[1], 2), CancellationToken.None), batcher.MarkSentAsync(Mark(leases[2], 3), CancellationToken.None) };
        firstWrite.SetResult();
        (await first).ShouldBeTrue();
        foreach (var mark in failing)
        {
            (await Should.ThrowAsync<IOException>(() => mark)).Message.ShouldBe("database is locked");
        }

        // written again later (as PendingOutcomes does), under the same leases
        (await batcher.MarkSentAsync(Mark(leases[1], 2), CancellationToken.None)).ShouldBeTrue();
        (await batcher.MarkSentAsync(Mark(leases[3], 4), CancellationToken.None)).ShouldBeTrue();
        outbox.MarkLists.ShouldBe([1, 2, 1, 1]);
        (await outbox.GetAsync(leases[2].Message.Id)).ShouldNotBeNull().State.ShouldBe(OutboxState.Pending);
    }

    [Fact]
    public async Task A_write_the_store_does_not_finish_within_the_store_timeout_fails_its_marks()
    {
        var (outbox, leases) = await LeasedAsync(2);
        var never = new TaskCompletionSource();
        outbox.HoldMarks = n => n == 1 ? never.Task : Task.CompletedTask;
        var time = new FakeTimeProvider(T0);
        var batcher = new SentMarkBatcher(outbox, StoreTimeout, time);

        var hung = batcher.MarkSentAsync(Mark(leases[0], 1), CancellationToken.None);
        hung.IsCompleted.ShouldBeFalse();
        time.Advance(StoreTimeout);
        await Should.ThrowAsync<TimeoutException>(() => hung);

        // the next mark is not stuck behind the hung write
        (await batcher.MarkSentAsync(Mark(leases[1], 2), CancellationToken.None)).ShouldBeTrue();
        never.SetResult();
    }

    [Fact]
    public async Task A_mark_without_a_lease_is_refused()
    {
        var (outbox, leases) = await LeasedAsync(1);
        var batcher = new SentMarkBatcher(outbox, StoreTimeout, new FakeTimeProvider(T0));
        await Should.ThrowAsync<ArgumentException>(() => batcher.MarkSentAsync(new OutboxSentMark(leases[0].Message.Id, "", T0, 1), CancellationToken.None));
        outbox.MarkLists.ShouldBeEmpty();
    }
}
