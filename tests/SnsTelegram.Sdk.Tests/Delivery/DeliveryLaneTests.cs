using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>Which lane each message takes, how the dispatcher's senders serve the lanes, and the lane settings.</summary>
public sealed class DeliveryLaneTests
{
    [Fact]
    public async Task Failures_and_tests_are_urgent_daily_reports_bulk_and_the_rest_normal_unless_configured()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.Lanes[NotificationTypes.AutomationExecuted] = DeliveryLane.Bulk);
        await h.LinkAsync("u", 5);
        var day = new DateOnly(2026, 2, 28);

        async Task<DeliveryLane> LaneOf(SnsNotification notification) =>
            (await h.MessageAsync((await h.Notifier.NotifyAsync(notification)).OutboxId!.Value)).Lane;

        (await LaneOf(new PostFailed("u", SnsPlatform.Instagram, "caption", "token expired"))).ShouldBe(DeliveryLane.Urgent);
        (await LaneOf(new TestMessage("u"))).ShouldBe(DeliveryLane.Urgent);
        (await LaneOf(new PostPublished("u", SnsPlatform.Twitter, "hello", null))).ShouldBe(DeliveryLane.Normal);
        (await LaneOf(new DailySummary("u", day, 0, 0, 0, 0, []))).ShouldBe(DeliveryLane.Bulk);
        (await LaneOf(new AutomationExecuted("u", "Weekly digest", [SnsPlatform.Twitter]))).ShouldBe(DeliveryLane.Bulk, "configured");
    }

    [Fact]
    public void Lanes_bind_from_configuration_and_unknown_types_or_lanes_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnsTelegram:BotToken"] = "123456:TEST-abcdefghijklmnopqrstuvwxyz0123",
            ["SnsTelegram:BotUsername"] = "sns_test_bot",
            ["SnsTelegram:UpdateMode"] = "None",
            ["SnsTelegram:Delivery:Lanes:post_success"] = "Urgent",
            ["SnsTelegram:Delivery:Lanes:daily_summary"] = "Normal",
        }).Build();
        var services = new ServiceCollection();
        services.AddSnsTelegram(configuration.GetSection("SnsTelegram"));
        using var provider = services.BuildServiceProvider();
        var lanes = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value.Delivery.Lanes;
        lanes[NotificationTypes.PostSuccess].ShouldBe(DeliveryLane.Urgent);
        lanes[NotificationTypes.DailySummary].ShouldBe(DeliveryLane.Normal);

        var validator = new DeliveryOptionsValidator();
        var options = new SnsTelegramOptions();
        options.Delivery.Lanes["post_sucess"] = DeliveryLane.Bulk;
        options.Delivery.Lanes[NotificationTypes.Test] = (DeliveryLane)9;
        var failures = validator.Validate(null, options).Failures!.ToList();
        failures.ShouldContain(f => f.StartsWith("SnsTelegram:Delivery:Lanes:post_sucess names no notification type", StringComparison.Ordinal));
        failures.ShouldContain("SnsTelegram:Delivery:Lanes:test must be Urgent, Normal or Bulk.");
    }

    [Fact]
    public async Task A_freed_sender_goes_to_the_most_urgent_waiter_and_urgent_messages_have_a_reserve()
    {
        var gate = new SenderGate(1);
        (await gate.WaitAsync(DeliveryLane.Bulk, CancellationToken.None)).ShouldBeFalse();
        var served = new List<string>();
        var bulk1 = Take(DeliveryLane.Bulk, "bulk1");
        var normal = Take(DeliveryLane.Normal, "normal");
        var bulk2 = Take(DeliveryLane.Bulk, "bulk2");

        // every sender is busy: the first urgent message takes the reserve at once, the next one waits
        (await gate.WaitAsync(DeliveryLane.Urgent, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var urgent = Take(DeliveryLane.Urgent, "urgent");
        using var cancel = new CancellationTokenSource();
        var givesUp = gate.WaitAsync(DeliveryLane.Urgent, cancel.Token);
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(givesUp);
        urgent.IsCompleted.ShouldBeFalse("the reserve is in use");

        // a reserve sender given back serves only urgent waiters
        gate.Release(fromReserve: true);
        await urgent.WaitAsync(TimeSpan.FromSeconds(30));
        gate.Release(fromReserve: true);
        served.ShouldBe(["urgent"]);
        bulk1.IsCompleted.ShouldBeFalse("the reserve is not for bulk messages");

        foreach (var next in new[] { normal, bulk1, bulk2 })
        {
            gate.Release(fromReserve: false);
            await next.WaitAsync(TimeSpan.FromSeconds(30));
        }

        served.ShouldBe(["urgent", "normal", "bulk1", "bulk2"], "by lane, first come first served within one; a waiter that gave up is skipped");

        // the last one gives its sender back: the next caller gets it at once
        gate.Release(fromReserve: false);
        (await gate.WaitAsync(DeliveryLane.Bulk, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeFalse();

        async Task Take(DeliveryLane lane, string name)
        {
            await gate.WaitAsync(lane, CancellationToken.None);
            lock (served)
            {
                served.Add(name);
            }
        }
    }

    [Fact]
    public async Task The_in_process_coordinator_gives_one_term_at_a_time()
    {
        using var coordinator = new SnsTelegram.Sdk.Storage.InMemory.ProcessDispatchCoordinator();
        var first = await coordinator.AcquireAsync(() => { }, CancellationToken.None);
        first.Lost.CanBeCanceled.ShouldBeFalse("a process cannot lose its own term");
        var second = coordinator.AcquireAsync(() => { }, CancellationToken.None).AsTask();
        second.IsCompleted.ShouldBeFalse("the first term is still held");

        await first.DisposeAsync();
        await first.DisposeAsync(); // twice is harmless
        await using var term = await second.WaitAsync(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        var third = coordinator.AcquireAsync(() => { }, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(third);
    }

    [Fact]
    public async Task A_coordinator_that_fails_is_asked_again_and_the_dispatcher_keeps_running()
    {
        var coordinator = new FailingOnceCoordinator();
        await using var h = DeliveryHarness.Create(services: s => s.AddSingleton<IDispatchCoordinator>(coordinator));
        await h.LinkAsync("u", 5);
        await h.StartAsync();
        await Eventually.WaitUntilAsync(() => coordinator.Calls >= 1, "the dispatcher asks for a term");
        var id = (await h.Notifier.NotifyAsync(new TestMessage("u"))).OutboxId!.Value;

        // the dispatcher waits a poll interval after the failure, then asks again
        await Eventually.WaitUntilAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromSeconds(1));
                return coordinator.Calls >= 2;
            },
            "the dispatcher asks again");
        await h.WaitForStateAsync(id, OutboxState.Sent);
        coordinator.Calls.ShouldBe(2);
    }

    /// <summary>A coordinator whose first answer is an error (a lock file it may not create), then a term.</summary>
    private sealed class FailingOnceCoordinator : IDispatchCoordinator
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? ValueTask.FromException<IDispatchTerm>(new UnauthorizedAccessException("Access to the path is denied."))
                : ValueTask.FromResult<IDispatchTerm>(new Term());

        private sealed class Term : IDispatchTerm
        {
            public CancellationToken Lost => CancellationToken.None;

            public bool FollowsAnotherProcess => false;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
