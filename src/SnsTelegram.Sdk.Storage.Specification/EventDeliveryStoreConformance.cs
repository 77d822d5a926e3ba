namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>
/// The behaviour every <see cref="IEventDeliveryStore"/> provider must have: enqueue is idempotent by event id; a lease
/// hands out due events, oldest due first, each to one caller until its lease expires, even when several stores over
/// the same storage lease at once; the marks need the caller's lease and count attempts; purge forgets completed events.
/// </summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>.
/// </remarks>
public abstract class EventDeliveryStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have).
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IEventDeliveryStore CreateStore();

    /// <summary>An event is queued once per id; the queued copy is pending with no attempt.</summary>
    [Fact]
    public async Task Enqueue_is_idempotent_by_event_id()
    {
        var store = CreateStore();
        (await store.EnqueueAsync(Event("evt_1", T0, body: "{\"n\":1}"))).ShouldBeTrue();
        (await CreateStore().EnqueueAsync(Event("evt_1", T0, body: "{\"n\":2}"))).ShouldBeFalse();

        var stored = await CreateStore().GetAsync("evt_1");
        stored.ShouldNotBeNull();
        stored.Body.ShouldBe("{\"n\":1}");
        stored.EventType.ShouldBe("message.sent");
        stored.State.ShouldBe(EventDeliveryState.Pending);
        stored.Attempts.ShouldBe(0);
        stored.CreatedAt.ShouldBe(T0);
        (await store.GetAsync("evt_unknown")).ShouldBeNull();
    }

    /// <summary>Only due events are leased, oldest due first, up to the maximum; a leased event is not leased again until its lease expires.</summary>
    [Fact]
    public async Task A_lease_takes_due_events_oldest_first_and_holds_them_until_it_expires()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Event("evt_b", T0.AddSeconds(2)));
        await store.EnqueueAsync(Event("evt_a", T0.AddSeconds(1)));
        await store.EnqueueAsync(Event("evt_later", T0.AddMinutes(5)));

        var first = await store.LeaseAsync(T0.AddSeconds(10), T0.AddSeconds(10) + Lease, 1);
        first.Select(l => l.Delivery.EventId).ShouldBe(["evt_a"]);
        first[0].LeaseId.ShouldNotBeNullOrEmpty();

        var second = await CreateStore().LeaseAsync(T0.AddSeconds(10), T0.AddSeconds(10) + Lease, 10);
        second.Select(l => l.Delivery.EventId).ShouldBe(["evt_b"], "evt_a is leased and evt_later is not due");

        var afterExpiry = await CreateStore().LeaseAsync(T0.AddSeconds(10) + Lease, T0.AddSeconds(10) + Lease + Lease, 10);
        afterExpiry.Select(l => l.Delivery.EventId).ShouldBe(["evt_a", "evt_b"], ignoreOrder: true);
        afterExpiry.ShouldAllBe(l => l.LeaseId != first[0].LeaseId);
    }

    /// <summary>A mark needs the caller's current lease; delivered events are never leased again.</summary>
    [Fact]
    public async Task Marks_need_the_current_lease()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Event("evt_1", T0));
        var lease = (await store.LeaseAsync(T0, T0 + Lease, 1)).Single();

        (await store.MarkDeliveredAsync("evt_1", "not-the-lease", T0.AddSeconds(1))).ShouldBeFalse();
        (await CreateStore().MarkDeliveredAsync("evt_1", lease.LeaseId, T0.AddSeconds(1))).ShouldBeTrue();
        (await store.MarkDeliveredAsync("evt_1", lease.LeaseId, T0.AddSeconds(2))).ShouldBeFalse("it is not pending any more");

        var stored = await store.GetAsync("evt_1");
        stored!.State.ShouldBe(EventDeliveryState.Delivered);
        stored.CompletedAt.ShouldBe(T0.AddSeconds(1));
        (await store.LeaseAsync(T0 + Lease + Lease, T0 + (3 * Lease), 10)).ShouldBeEmpty();
    }

    /// <summary>An expired lease taken over by another caller cannot record an outcome any more.</summary>
    [Fact]
    public async Task A_lease_taken_over_after_expiry_cannot_mark()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Event("evt_1", T0));
        var old = (await store.LeaseAsync(T0, T0 + Lease, 1)).Single();
        var taker = (await CreateStore().LeaseAsync(T0 + Lease, T0 + Lease + Lease, 1)).Single();

        (await store.RescheduleAsync("evt_1", old.LeaseId, T0 + Lease, "HTTP 500")).ShouldBeFalse();
        (await store.MarkDeliveredAsync("evt_1", taker.LeaseId, T0 + Lease)).ShouldBeTrue();
    }

    /// <summary>A reschedule counts an attempt, keeps the error and frees the event at its new due time; a dead letter counts the last one.</summary>
    [Fact]
    public async Task Reschedule_and_dead_letter_count_attempts()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Event("evt_1", T0));
        var lease = (await store.LeaseAsync(T0, T0 + Lease, 1)).Single();
        (await store.RescheduleAsync("evt_1", lease.LeaseId, T0.AddSeconds(30), "HTTP 503")).ShouldBeTrue();

        var waiting = await store.GetAsync("evt_1");
        waiting!.State.ShouldBe(EventDeliveryState.Pending);
        waiting.Attempts.ShouldBe(1);
        waiting.LastError.ShouldBe("HTTP 503");
        waiting.DueAt.ShouldBe(T0.AddSeconds(30));
        (await store.LeaseAsync(T0.AddSeconds(29), T0.AddSeconds(29) + Lease, 10)).ShouldBeEmpty("not due yet");

        var again = (await CreateStore().LeaseAsync(T0.AddSeconds(30), T0.AddSeconds(30) + Lease, 10)).Single();
        again.Delivery.Attempts.ShouldBe(1);
        (await store.DeadLetterAsync("evt_1", again.LeaseId, "HTTP 500", T0.AddSeconds(31))).ShouldBeTrue();

        var dead = await store.GetAsync("evt_1");
        dead!.State.ShouldBe(EventDeliveryState.DeadLettered);
        dead.Attempts.ShouldBe(2);
        dead.LastError.ShouldBe("HTTP 500");
        dead.CompletedAt.ShouldBe(T0.AddSeconds(31));
        (await store.LeaseAsync(T0.AddHours(1), T0.AddHours(2), 10)).ShouldBeEmpty();
    }

    /// <summary>Eight callers over separate stores lease at once: each of 20 due events goes to exactly one of them.</summary>
    [Fact]
    public async Task Concurrent_leases_hand_each_event_to_one_caller()
    {
        var store = CreateStore();
        for (var i = 0; i < 20; i++)
        {
            await store.EnqueueAsync(Event($"evt_{i:00}", T0.AddMilliseconds(i)));
        }

        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(8, i => stores[i % stores.Length].LeaseAsync(T0.AddSeconds(1), T0.AddSeconds(1) + Lease, 5).AsTask());
        var leased = results.SelectMany(r => r).Select(l => l.Delivery.EventId).ToList();
        leased.Count.ShouldBe(20);
        leased.Distinct().Count().ShouldBe(20, "no event is leased twice");
    }

    /// <summary>Purge deletes delivered and dead-lettered events completed before the instant, never pending ones.</summary>
    [Fact]
    public async Task Purge_forgets_completed_events_only()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Event("evt_done", T0));
        await store.EnqueueAsync(Event("evt_dead", T0));
        await store.EnqueueAsync(Event("evt_pending", T0));
        foreach (var lease in await store.LeaseAsync(T0, T0 + Lease, 2))
        {
            if (lease.Delivery.EventId == "evt_done")
            {
                (await store.MarkDeliveredAsync("evt_done", lease.LeaseId, T0)).ShouldBeTrue();
            }
            else
            {
                (await store.DeadLetterAsync(lease.Delivery.EventId, lease.LeaseId, "HTTP 410", T0)).ShouldBeTrue();
            }
        }

        (await store.PurgeAsync(T0)).ShouldBe(0, "nothing was completed before T0");
        (await store.PurgeAsync(T0.AddDays(8))).ShouldBe(2);
        (await store.GetAsync("evt_pending")).ShouldNotBeNull();
        (await store.GetAsync("evt_done")).ShouldBeNull();
    }

    /// <summary>Bad input is refused before the storage is touched.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentNullException>(() => store.EnqueueAsync(null!).AsTask());
        await Should.ThrowAsync<ArgumentException>(() => store.EnqueueAsync(Event("", T0)).AsTask());
        await Should.ThrowAsync<ArgumentException>(() => store.EnqueueAsync(Event(new string('e', 101), T0)).AsTask());
        await Should.ThrowAsync<ArgumentException>(() => store.EnqueueAsync(Event("evt_1", T0, body: "")).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => store.LeaseAsync(T0, T0 + Lease, 0).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => store.LeaseAsync(T0, T0, 1).AsTask());
        await Should.ThrowAsync<ArgumentException>(() => store.MarkDeliveredAsync("evt_1", "", T0).AsTask());
    }

    private static EventDelivery Event(string id, DateTimeOffset due, string body = "{}") => new()
    {
        EventId = id,
        EventType = "message.sent",
        Body = body,
        CreatedAt = due,
        DueAt = due,
    };
}
