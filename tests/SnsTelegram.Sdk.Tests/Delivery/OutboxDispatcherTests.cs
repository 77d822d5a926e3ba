using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task Every_queued_message_is_delivered_once_in_order_per_chat_without_waiting_for_a_poll()
    {
        // The fake clock never moves: only the notifier's wake-up and finished sends can drive the dispatcher.
        await using var h = DeliveryHarness.Create(o => o.Delivery.MaxConcurrency = 4, s => s.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>());
        for (var u = 0; u < 5; u++)
        {
            await h.LinkAsync($"user-{u}", 100 + u);
        }

        await h.StartAsync();
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            for (var u = 0; u < 5; u++)
            {
                var result = await h.Notifier.NotifyAsync(new TestMessage($"user-{u}") { IdempotencyKey = $"m{i}-{u}" });
                result.Status.ShouldBe(NotifyStatus.Queued);
                ids.Add(result.OutboxId!.Value);
            }
        }

        foreach (var id in ids)
        {
            await h.WaitForStateAsync(id, OutboxState.Sent);
        }

        var delivered = h.Gateway.Delivered;
        delivered.Count.ShouldBe(50);
        for (var u = 0; u < 5; u++)
        {
            delivered.Where(d => d.ChatId == 100 + u).Select(d => d.Text)
                .ShouldBe(Enumerable.Range(0, 10).Select(i => $"test:user-{u}:m{i}-{u}"));
        }

        (await h.MessageAsync(ids[0])).TelegramMessageId.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_server_error_is_retried_after_a_backoff_and_counted_as_an_attempt()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.RetryBaseDelay = TimeSpan.FromSeconds(10));
        using var retried = Collector<long>(h, "snstelegram.messages.retried");
        await h.LinkAsync("u", 1);
        h.Gateway.Script = (_, n) => n == 1 ? new SendOutcome(SendOutcomeKind.Transient, "HTTP 500") : null;
        await h.StartAsync();

        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(id)).Attempts == 1, "the failure is recorded");

        var failed = await h.MessageAsync(id);
        failed.State.ShouldBe(OutboxState.Pending);
        failed.LastError.ShouldBe("HTTP 500");
        failed.DueAt.ShouldBeInRange(DeliveryHarness.Start + TimeSpan.FromSeconds(5), DeliveryHarness.Start + TimeSpan.FromSeconds(10));
        await retried.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        retried.GetMeasurementSnapshot().ShouldContain(m => m.Value == 1 && (string?)m.Tags["reason"] == "transient");

        h.Time.Advance(TimeSpan.FromSeconds(11));
        await h.WaitForStateAsync(id, OutboxState.Sent);
        h.Gateway.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_MaxAttempts()
    {
        await using var h = DeliveryHarness.Create(o => { o.Delivery.MaxAttempts = 3; o.Delivery.RetryBaseDelay = TimeSpan.FromSeconds(1); });
        using var dead = Collector<long>(h, "snstelegram.messages.dead_lettered");
        await h.LinkAsync("u", 1);
        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.Transient, "connection refused");
        await h.StartAsync();

        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var expected = attempt;
            await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(id)).Attempts == expected, $"attempt {expected} is recorded");
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await h.WaitForStateAsync(id, OutboxState.DeadLettered);
        (await h.MessageAsync(id)).LastError.ShouldNotBeNull().ShouldStartWith("max_attempts");
        h.Gateway.Calls.Count.ShouldBe(3);
        await dead.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        dead.GetMeasurementSnapshot().ShouldContain(m => (string?)m.Tags["reason"] == "max_attempts");
    }

    [Fact]
    public async Task A_429_waits_retry_after_without_counting_an_attempt_and_pauses_the_whole_bot()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.MaxConcurrency = 1);
        await h.LinkAsync("a", 1);
        await h.LinkAsync("b", 2);
        h.Gateway.Script = (chat, n) => n == 1 ? new SendOutcome(SendOutcomeKind.RateLimited, "Too Many Requests") { RetryAfter = TimeSpan.FromSeconds(30) } : null;
        await h.StartAsync();

        var first = (await h.Notifier.NotifyAsync(new TestMessage("a"))).OutboxId!.Value;
        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(first)).LastError is not null, "the 429 is recorded");
        var waiting = await h.MessageAsync(first);
        waiting.Attempts.ShouldBe(0);
        waiting.DueAt.ShouldBe(DeliveryHarness.Start + TimeSpan.FromSeconds(30));
        h.Services.GetRequiredService<DeliveryRateLimiter>().PausedUntil.ShouldBe(DeliveryHarness.Start + TimeSpan.FromSeconds(30));

        // another chat's message waits for the pause too
        var second = (await h.Notifier.NotifyAsync(new TestMessage("b"))).OutboxId!.Value;
        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(second)).DueAt > DeliveryHarness.Start, "the other chat is held back");
        h.Gateway.Calls.Count.ShouldBe(1);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        await h.WaitForStateAsync(first, OutboxState.Sent);
        await h.WaitForStateAsync(second, OutboxState.Sent);
    }

    [Fact]
    public async Task A_blocked_chat_turns_its_links_off_and_dead_letters_the_message()
    {
        await using var h = DeliveryHarness.Create();
        using var dead = Collector<long>(h, "snstelegram.messages.dead_lettered");
        await h.LinkAsync("u", 7);
        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.ChatUnavailable, "Forbidden: bot was blocked by the user") { DisabledReason = ChatLinkDisabledReasons.BotBlocked };
        await h.StartAsync();

        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.WaitForStateAsync(id, OutboxState.DeadLettered);

        var link = (await h.Links.GetAsync("u")).ShouldNotBeNull();
        link.Enabled.ShouldBeFalse();
        link.DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
        (await h.MessageAsync(id)).LastError.ShouldNotBeNull().ShouldStartWith("bot_blocked");
        await dead.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        dead.GetMeasurementSnapshot().ShouldContain(m => (string?)m.Tags["reason"] == "bot_blocked");
        (await h.Notifier.NotifyAsync(new TestMessage("u"))).Status.ShouldBe(NotifyStatus.Disabled);
    }

    [Fact]
    public async Task A_migrated_group_moves_its_links_and_messages_and_they_go_to_the_supergroup_in_order()
    {
        await using var h = DeliveryHarness.Create(null, s => s.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>());
        await h.LinkAsync("team", -100, type: TelegramChatType.Group);
        h.Gateway.Script = (chat, _) => chat == -100 ? new SendOutcome(SendOutcomeKind.Migrated, "upgraded") { MigrateToChatId = -1_000_000_000_009 } : null;
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Notifier.NotifyAsync(new TestMessage("team") { IdempotencyKey = $"k{i}" })).OutboxId!.Value);
        }

        await h.StartAsync();
        foreach (var id in ids)
        {
            await h.WaitForStateAsync(id, OutboxState.Sent);
        }

        h.Gateway.Delivered.ShouldBe([(-1_000_000_000_009L, "test:team:k0"), (-1_000_000_000_009L, "test:team:k1"), (-1_000_000_000_009L, "test:team:k2")]);
        (await h.Links.GetAsync("team")).ShouldNotBeNull().ChatId.ShouldBe(-1_000_000_000_009);
        (await h.MessageAsync(ids[0])).Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task A_message_Telegram_cannot_parse_is_dead_lettered_as_invalid()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 1);
        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.Rejected, "Bad Request: can't parse entities") { IsFormatterBug = true };
        await h.StartAsync();

        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.WaitForStateAsync(id, OutboxState.DeadLettered);
        (await h.MessageAsync(id)).LastError.ShouldNotBeNull().ShouldStartWith("invalid_message");
        h.Gateway.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Stopping_lets_sends_on_the_wire_finish_and_releases_the_rest_without_counting_an_attempt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = DeliveryHarness.Create(o => { o.Delivery.MaxConcurrency = 2; o.Delivery.LeaseBatchSize = 10; });
        for (var u = 0; u < 6; u++)
        {
            await h.LinkAsync($"u{u}", u + 1);
        }

        var ids = new List<long>();
        for (var u = 0; u < 6; u++)
        {
            ids.Add((await h.Notifier.NotifyAsync(new PostPublished($"u{u}", SnsPlatform.Instagram, "post", null))).OutboxId!.Value);
        }

        h.Gateway.Hold = _ => release.Task;
        await h.StartAsync();
        // all six were leased by the one lease query that started the first two sends
        await Eventually.WaitUntilAsync(() => Task.FromResult(h.Gateway.Calls.Count == 2), "two sends are on the wire");

        var stop = h.Dispatcher.StopAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(ids.Select(id => h.Outbox.GetAsync(id).AsTask()))).Count(m => m!.LastError == "released at shutdown") == 4,
            "the four not yet sent are released");
        stop.IsCompleted.ShouldBeFalse("the sends on the wire are still running");
        release.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        var messages = await Task.WhenAll(ids.Select(id => h.Outbox.GetAsync(id).AsTask()));
        messages.Count(m => m!.State == OutboxState.Sent).ShouldBe(2);
        messages.Where(m => m!.State == OutboxState.Pending).ShouldAllBe(m => m!.Attempts == 0 && m.DueAt <= DeliveryHarness.Start);

        // released messages can be leased again at once
        (await h.Outbox.LeaseAsync(10, DeliveryHarness.Start, TimeSpan.FromMinutes(1))).Count.ShouldBe(4);
        h.Gateway.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_the_shutdown_timeout_runs_out_sends_on_the_wire_are_aborted_and_released()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.MaxConcurrency = 1);
        await h.LinkAsync("u", 1);
        h.Gateway.Hold = ct => Task.Delay(Timeout.Infinite, ct);
        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(h.Gateway.Calls.Count == 1), "the send is on the wire");

        using var timeout = new CancellationTokenSource();
        var stop = h.Dispatcher.StopAsync(timeout.Token);
        await timeout.CancelAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        // the dispatcher ends only once every leased message is written back
        await h.Dispatcher.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        var message = await h.MessageAsync(id);
        message.State.ShouldBe(OutboxState.Pending);
        message.Attempts.ShouldBe(0);
        message.LastError.ShouldBe("released at shutdown");
    }

    [Fact]
    public async Task Sends_that_finish_while_an_outcome_is_being_written_are_marked_sent_together()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        var answers = new ConcurrentQueue<TaskCompletionSource>();
        await using var h = await HeldSendsAsync(outbox, 8, answers);
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        outbox.HoldMarks = n => n == 1 ? firstWrite.Task : Task.CompletedTask;
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(answers.Count == 8), "all eight are on the wire");

        // the first answer's mark is being written (held in the store) while the seven others come back
        answers.TryDequeue(out var first).ShouldBeTrue();
        first!.SetResult();
        await Eventually.WaitUntilAsync(() => Task.FromResult(outbox.MarkLists.Count == 1), "the first mark is being written");
        while (answers.TryDequeue(out var answer))
        {
            answer.SetResult();
        }

        firstWrite.SetResult();
        await Eventually.WaitUntilAsync(async () => (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending == 0, "all eight are recorded as sent");
        outbox.SingleMarks.ShouldBe(0);
        outbox.MarkLists.Sum().ShouldBe(8);
        outbox.MarkLists[0].ShouldBe(1);
        h.Gateway.Calls.Count.ShouldBe(8);
    }

    [Fact]
    public async Task While_messages_are_in_flight_it_leases_again_only_once_a_quarter_of_its_capacity_is_free()
    {
        var outbox = new CountingOutbox(new InMemoryOutboxStore());
        var answers = new ConcurrentQueue<TaskCompletionSource>();
        await using var h = await HeldSendsAsync(outbox, 20, answers);
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(answers.Count == 8), "the first eight are on the wire");
        outbox.Leases.ShouldBe(1);

        // one answer frees one of eight places: less than a quarter, so no lease query yet
        answers.TryDequeue(out var first).ShouldBeTrue();
        first!.SetResult();
        await Eventually.WaitUntilAsync(async () => (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending == 19, "one is recorded as sent");
        outbox.Leases.ShouldBe(1);
        h.Gateway.Calls.Count.ShouldBe(8);

        // the second makes a quarter: one query leases two more. Had the first answer led to a lease query, that query
        // would have taken the free place: the count of queries, or the tenth call, would show it.
        answers.TryDequeue(out var second).ShouldBeTrue();
        second!.SetResult();
        await Eventually.WaitUntilAsync(() => Task.FromResult(h.Gateway.Calls.Count == 10), "two more are on the wire");
        outbox.Leases.ShouldBe(2);
        h.Gateway.Calls.Count.ShouldBe(10);

        h.Gateway.Hold = null;
        while (answers.TryDequeue(out var answer))
        {
            answer.SetResult();
        }

        await Eventually.WaitUntilAsync(async () => (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending == 0, "all twenty are sent");
        h.Gateway.Delivered.Count.ShouldBe(20);
    }

    [Fact]
    public async Task A_disabled_dispatcher_sends_nothing()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.Enabled = false);
        await h.LinkAsync("u", 1);
        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.StartAsync();
        await (h.Dispatcher.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(30));

        h.Time.Advance(TimeSpan.FromMinutes(5));
        (await h.MessageAsync(id)).State.ShouldBe(OutboxState.Pending);
        h.Gateway.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Metrics_count_sends_time_from_enqueue_to_delivery_and_report_the_outbox_depth()
    {
        await using var h = DeliveryHarness.Create();
        using var sent = Collector<long>(h, "snstelegram.messages.sent");
        using var duration = Collector<double>(h, "snstelegram.delivery.duration");
        using var depth = Collector<long>(h, "snstelegram.outbox.depth");
        await h.LinkAsync("u", 1);
        await h.LinkAsync("v", 2);
        var first = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;
        await h.Notifier.NotifyAsync(new TestMessage("v"));

        var metrics = h.Services.GetRequiredService<DeliveryMetrics>();
        await metrics.RefreshDepthAsync(CancellationToken.None);
        depth.RecordObservableInstruments();
        depth.LastMeasurement.ShouldNotBeNull().Value.ShouldBe(2);

        h.Time.Advance(TimeSpan.FromSeconds(3));
        await h.StartAsync();
        await h.WaitForStateAsync(first, OutboxState.Sent);
        await Eventually.WaitUntilAsync(() => Task.FromResult(sent.GetMeasurementSnapshot().Count == 2), "both sends are counted");

        duration.GetMeasurementSnapshot().ShouldAllBe(m => m.Value == 3.0);
        sent.GetMeasurementSnapshot().ShouldAllBe(m => (string?)m.Tags["chat_type"] == "private");
        await metrics.RefreshDepthAsync(CancellationToken.None);
        depth.RecordObservableInstruments();
        depth.LastMeasurement!.Value.ShouldBe(0);
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(20, 1.0, 60_000)]
    public void Retry_delays_double_with_jitter_up_to_the_maximum(int attempt, double random, int expectedMs)
    {
        OutboxDispatcher.RetryDelay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), random).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    private static MetricCollector<T> Collector<T>(DeliveryHarness h, string name)
        where T : struct
    {
        var factory = h.Services.GetRequiredService<IMeterFactory>();
        _ = h.Services.GetRequiredService<DeliveryMetrics>();
        return new MetricCollector<T>(factory, SnsTelegramDiagnostics.Name, name);
    }

    /// <summary>
    /// A dispatcher of 8 senders and leases of 8 over <paramref name="outbox"/>, with one post queued for each of
    /// <paramref name="users"/> users, whose sends stay on the wire until their answer in <paramref name="answers"/> is set.
    /// </summary>
    private static async Task<DeliveryHarness> HeldSendsAsync(CountingOutbox outbox, int users, ConcurrentQueue<TaskCompletionSource> answers)
    {
        var h = DeliveryHarness.Create(
            o => { o.Delivery.MaxConcurrency = 8; o.Delivery.LeaseBatchSize = 8; },
            s => s.AddSingleton<IOutboxStore>(outbox));
        for (var u = 0; u < users; u++)
        {
            await h.LinkAsync($"u{u}", u + 1);
            await h.Notifier.NotifyAsync(new PostPublished($"u{u}", SnsPlatform.Instagram, "post", null));
        }

        h.Gateway.Hold = _ =>
        {
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answers.Enqueue(answer);
            return answer.Task;
        };
        return h;
    }
}

/// <summary>An outbox that counts the dispatcher's lease queries and sent marks, and can hold a list of marks.</summary>
internal sealed class CountingOutbox(IOutboxStore inner) : IOutboxStore
{
    private readonly ConcurrentQueue<int> _markLists = new();
    private int _leases;
    private int _singleMarks;
    private int _nextDue;

    public int Leases => Volatile.Read(ref _leases);

    /// <summary>How many times the dispatcher asked for the next due time.</summary>
    public int NextDueQueries => Volatile.Read(ref _nextDue);

    /// <summary>How many times <see cref="MarkSentAsync"/> was called.</summary>
    public int SingleMarks => Volatile.Read(ref _singleMarks);

    /// <summary>The length of each list given to <see cref="MarkSentManyAsync"/>, in call order.</summary>
    public IReadOnlyList<int> MarkLists => [.. _markLists];

    /// <summary>Called when a lease query has answered, with the query's number (1 for the first).</summary>
    public Action<int>? AfterLease { get; set; }

    /// <summary>Awaited before a list of marks is written, with the list's number (1 for the first).</summary>
    public Func<int, Task>? HoldMarks { get; set; }

    public async ValueTask<IReadOnlyList<bool>> MarkSentManyAsync(IReadOnlyList<OutboxSentMark> marks, CancellationToken cancellationToken = default)
    {
        _markLists.Enqueue(marks.Count);
        if (HoldMarks is { } hold)
        {
            await hold(_markLists.Count);
        }

        return await inner.MarkSentManyAsync(marks, cancellationToken);
    }

    public ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default) => inner.EnqueueAsync(message, cancellationToken);

    public async ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _leases);
        var leases = await inner.LeaseAsync(max, now, leaseDuration, cancellationToken);
        AfterLease?.Invoke(number);
        return leases;
    }

    public ValueTask<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _nextDue);
        return inner.NextDueAsync(now, cancellationToken);
    }

    public ValueTask<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default) => inner.ReleaseLeasesAsync(cancellationToken);

    public ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _singleMarks);
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
