using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Tests.Faults;

/// <summary>
/// The outbox refuses to record that a message was sent: the outcome waits in memory, the chat's next message waits
/// for it, and it is written when the store answers again, or logged when the process stops first.
/// </summary>
public sealed class UnstoredOutcomeTests
{
    private static (ServiceProvider App, RefusingOutbox Outbox) Start(TelegramEmulator emulator)
    {
        var inner = new ServiceCollection().AddSnsTelegram().Services.BuildServiceProvider().GetRequiredService<IOutboxStore>();
        var outbox = new RefusingOutbox(inner);
        var services = new ServiceCollection();
        services.AddSingleton<IOutboxStore>(outbox);
        services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        services.AddFakeLogging();
        LiveDelivery.AddDelivery(services, emulator, o =>
        {
            o.Delivery.LeaseDuration = TimeSpan.FromSeconds(5);
            o.Delivery.RequestTimeout = TimeSpan.FromSeconds(2);
        });
        return (services.BuildServiceProvider(), outbox);
    }

    [Fact]
    public async Task A_sent_message_whose_mark_fails_is_marked_when_the_store_answers_and_never_sent_again()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (app, outbox) = Start(emulator);
        await using var _ = app;
        var alice = emulator.CreateUser("Alice");
        await app.GetRequiredService<IChatLinkStore>().LinkAsync(new ChatLink { UserId = "alice", ChatId = alice.ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        var notifier = app.GetRequiredService<ISnsTelegramNotifier>();
        var first = (await notifier.NotifyAsync(new TestMessage("alice") { IdempotencyKey = "a-0" })).OutboxId!.Value;
        var second = (await notifier.NotifyAsync(new TestMessage("alice") { IdempotencyKey = "a-1" })).OutboxId!.Value;

        outbox.RefuseMarks = true;
        var dispatcher = app.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);

        // the mark is tried again and again (past the lease's five seconds) while the chat's next message waits for it
        await Eventually.WaitUntilAsync(() => outbox.RefusedMarks >= 12, "the mark to be tried again with backoff past the lease");
        app.GetRequiredService<PendingOutcomes>().Count.ShouldBe(1);
        alice.Messages.Where(m => m.FromBot).Select(m => m.Text).ShouldBe(["test:alice:a-0"]);

        outbox.RefuseMarks = false;
        await Eventually.WaitUntilAsync(async () => (await outbox.GetAsync(second))?.State == OutboxState.Sent, "the next message to go out once the mark is written");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await dispatcher.StopAsync(timeout.Token);
        }

        (await outbox.GetAsync(first))!.State.ShouldBe(OutboxState.Sent);
        alice.Messages.Where(m => m.FromBot).Select(m => m.Text).ShouldBe(["test:alice:a-0", "test:alice:a-1"]);
        app.GetRequiredService<FakeLogCollector>().GetSnapshot().ShouldContain(r => r.Id.Id == 2061);
    }

    [Fact]
    public async Task Outcomes_still_unstored_when_the_process_stops_are_logged_with_their_message()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var (app, outbox) = Start(emulator);
        await using var _ = app;
        var alice = emulator.CreateUser("Alice");
        await app.GetRequiredService<IChatLinkStore>().LinkAsync(new ChatLink { UserId = "alice", ChatId = alice.ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        var id = (await app.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new TestMessage("alice") { IdempotencyKey = "a-0" })).OutboxId!.Value;

        outbox.RefuseMarks = true;
        var dispatcher = app.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => app.GetRequiredService<PendingOutcomes>().Count == 1, "the mark to wait in memory");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await dispatcher.StopAsync(timeout.Token);
        }

        var lost = app.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Id.Id == 2062).ShouldHaveSingleItem();
        lost.Level.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Error);
        lost.StructuredState!.ShouldContain(p => p.Key == "OutboxId" && p.Value == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await outbox.GetAsync(id))!.State.ShouldBe(OutboxState.Pending, "the message is still in the outbox, to go out again when its lease runs out");
    }

    /// <summary>An outbox whose marks fail, as a database that is down would make them, while <see cref="RefuseMarks"/> is on.</summary>
    private sealed class RefusingOutbox(IOutboxStore inner) : IOutboxStore
    {
        private int _refused;
        private volatile bool _refuseMarks;

        public bool RefuseMarks
        {
            get => _refuseMarks;
            set => _refuseMarks = value;
        }

        public int RefusedMarks => Volatile.Read(ref _refused);

        public ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default) => inner.EnqueueAsync(message, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
            inner.LeaseAsync(max, now, leaseDuration, cancellationToken);

        public ValueTask<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default) => inner.ReleaseLeasesAsync(cancellationToken);

        public ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
        {
            if (_refuseMarks)
            {
                Interlocked.Increment(ref _refused);
                throw new IOException("the database is unreachable");
            }

            return inner.MarkSentAsync(id, leaseId, sentAt, telegramMessageId, cancellationToken);
        }

        public ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default) =>
            inner.RescheduleAsync(id, leaseId, dueAt, error, countAttempt, cancellationToken);

        public ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            inner.DeadLetterAsync(id, leaseId, reason, at, cancellationToken);

        public ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default) => inner.RedirectChatAsync(fromChatId, toChatId, cancellationToken);

        public ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default) => inner.FindByKeyAsync(idempotencyKey, cancellationToken);

        public ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default) => inner.FindLatestEditAsync(originalKey, cancellationToken);

        public ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.GetStatsAsync(now, cancellationToken);

        public ValueTask<int> BringForwardRetriesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.BringForwardRetriesAsync(now, cancellationToken);

        public ValueTask SaveSendPauseAsync(DateTimeOffset until, CancellationToken cancellationToken = default) => inner.SaveSendPauseAsync(until, cancellationToken);

        public ValueTask<DateTimeOffset?> GetSendPauseAsync(CancellationToken cancellationToken = default) => inner.GetSendPauseAsync(cancellationToken);

        public ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default) => inner.PurgeAsync(completedBefore, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxMessage>> QueryAsync(OutboxFilter filter, long? beforeId, int limit, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(filter, beforeId, limit, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxCount>> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public ValueTask<int> ResendAsync(OutboxFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.ResendAsync(filter, now, cancellationToken);

        public ValueTask<int> DiscardAsync(OutboxFilter filter, CancellationToken cancellationToken = default) => inner.DiscardAsync(filter, cancellationToken);

        public ValueTask<DeliveryPause?> GetPauseAsync(CancellationToken cancellationToken = default) => inner.GetPauseAsync(cancellationToken);

        public ValueTask SetPauseAsync(DeliveryPause? pause, CancellationToken cancellationToken = default) => inner.SetPauseAsync(pause, cancellationToken);
    }
}
