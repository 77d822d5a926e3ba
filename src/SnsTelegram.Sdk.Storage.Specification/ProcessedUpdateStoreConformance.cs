namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>
/// The behaviour every <see cref="IProcessedUpdateStore"/> provider must have: an update id is new exactly once, even
/// under a race, until it is purged or unmarked; kept updates come back as they were kept, newest first; a button action
/// key is new exactly once, even under a race, until it is purged.
/// </summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class ProcessedUpdateStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IProcessedUpdateStore CreateStore();

    /// <summary>An update id is new once.</summary>
    [Fact]
    public async Task An_update_id_is_new_once()
    {
        var store = CreateStore();
        (await store.TryMarkProcessedAsync(1001, T0)).ShouldBeTrue();
        (await store.TryMarkProcessedAsync(1001, T0.AddSeconds(5))).ShouldBeFalse();
        (await CreateStore().TryMarkProcessedAsync(1001, T0.AddSeconds(6))).ShouldBeFalse();
        (await store.TryMarkProcessedAsync(1002, T0)).ShouldBeTrue();
        (await store.TryMarkProcessedAsync(0, T0)).ShouldBeTrue();
        (await store.TryMarkProcessedAsync(long.MaxValue, T0)).ShouldBeTrue();
    }

    /// <summary>Purge forgets ids recorded before an instant.</summary>
    [Fact]
    public async Task Purge_forgets_ids_recorded_before_an_instant()
    {
        var store = CreateStore();
        await store.TryMarkProcessedAsync(1, T0);
        await store.TryMarkProcessedAsync(2, T0.AddHours(1));
        await store.TryMarkProcessedAsync(3, T0.AddHours(2));

        (await store.PurgeAsync(T0)).ShouldBe(0);
        (await store.PurgeAsync(T0.AddHours(1).AddTicks(1))).ShouldBe(2);

        (await store.TryMarkProcessedAsync(1, T0.AddHours(3))).ShouldBeTrue();
        (await store.TryMarkProcessedAsync(3, T0.AddHours(3))).ShouldBeFalse();
    }

    /// <summary>Of concurrent marks of one update exactly one is first.</summary>
    [Fact]
    public async Task Of_concurrent_marks_of_one_update_exactly_one_is_first()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].TryMarkProcessedAsync(777, T0).AsTask());
        results.Count(r => r).ShouldBe(1);
    }

    /// <summary>Concurrent marks of different updates all succeed.</summary>
    [Fact]
    public async Task Concurrent_marks_of_different_updates_all_succeed()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].TryMarkProcessedAsync(5000 + i, T0).AsTask());
        results.ShouldAllBe(r => r);
    }

    /// <summary>An unmarked update id is new again; unmarking an unknown id says so.</summary>
    [Fact]
    public async Task An_unmarked_update_id_is_new_again()
    {
        var store = CreateStore();
        await store.TryMarkProcessedAsync(4001, T0);
        await store.TryMarkProcessedAsync(4002, T0);

        (await CreateStore().UnmarkProcessedAsync(4001)).ShouldBeTrue();
        (await store.UnmarkProcessedAsync(4001)).ShouldBeFalse();
        (await store.UnmarkProcessedAsync(4999)).ShouldBeFalse();

        (await store.TryMarkProcessedAsync(4001, T0.AddSeconds(1))).ShouldBeTrue();
        (await store.TryMarkProcessedAsync(4002, T0.AddSeconds(1))).ShouldBeFalse("unmarking one id leaves the others");
    }

    /// <summary>Kept updates come back as they were kept, newest first, up to the limit; every field survives, the largest body too.</summary>
    [Fact]
    public async Task Kept_updates_come_back_newest_first_with_every_field()
    {
        var store = CreateStore();
        var big = new string('é', UnreadableUpdate.MaxBodyLength);
        var first = new UnreadableUpdate(null, "webhook", "unreadable: no update_id", "{\"x\":1}", false, T0);
        var second = new UnreadableUpdate(long.MaxValue, "polling", "handler_failed: InvalidOperationException", big, true, T0.AddMinutes(1));
        var third = new UnreadableUpdate(7, "webhook", "unreadable: 한국어 ✓ \"quoted\"", "{\"t\":\"\ud83d\ude00 \\u0000\"}", false, T0.AddMinutes(1));
        await store.AddUnreadableAsync(first);
        await store.AddUnreadableAsync(second);
        await CreateStore().AddUnreadableAsync(third);

        var kept = await CreateStore().GetUnreadableAsync(10);
        kept.ShouldBe([third, second, first], "newest first; of two at the same instant, the one kept last first");
        (await store.GetUnreadableAsync(1)).ShouldBe([third]);
    }

    /// <summary>A kept update over the limits is refused with an argument error, not cut or lost silently.</summary>
    [Fact]
    public async Task A_kept_update_over_the_limits_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () =>
            await store.AddUnreadableAsync(new UnreadableUpdate(1, "webhook", "unreadable", new string('x', UnreadableUpdate.MaxBodyLength + 1), true, T0)));
        await Should.ThrowAsync<ArgumentException>(async () =>
            await store.AddUnreadableAsync(new UnreadableUpdate(1, "webhook", new string('r', UnreadableUpdate.MaxReasonLength + 1), "{}", false, T0)));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddUnreadableAsync(new UnreadableUpdate(1, " ", "unreadable", "{}", false, T0)));
        (await store.GetUnreadableAsync(10)).ShouldBeEmpty();
    }

    /// <summary>Purging kept updates forgets those received before an instant and nothing else.</summary>
    [Fact]
    public async Task Purging_kept_updates_forgets_those_received_before_an_instant()
    {
        var store = CreateStore();
        await store.AddUnreadableAsync(new UnreadableUpdate(1, "webhook", "unreadable", "{}", false, T0));
        await store.AddUnreadableAsync(new UnreadableUpdate(2, "webhook", "unreadable", "{}", false, T0.AddHours(1)));
        await store.AddUnreadableAsync(new UnreadableUpdate(3, "webhook", "unreadable", "{}", false, T0.AddHours(2)));
        await store.TryMarkProcessedAsync(9, T0);

        (await store.PurgeUnreadableAsync(T0)).ShouldBe(0);
        (await store.PurgeUnreadableAsync(T0.AddHours(1).AddTicks(1))).ShouldBe(2);

        (await store.GetUnreadableAsync(10)).Select(u => u.UpdateId).ShouldBe([3L]);
        (await store.TryMarkProcessedAsync(9, T0)).ShouldBeFalse("purging kept updates leaves processed ids alone");
    }

    /// <summary>A button action key is new once, whichever store instance records it, until it is purged.</summary>
    [Fact]
    public async Task A_button_action_key_is_new_once_until_purged()
    {
        var store = CreateStore();
        (await store.TryMarkButtonActionAsync("-1001:42:retry:p-1", T0)).ShouldBeTrue();
        (await store.TryMarkButtonActionAsync("-1001:42:retry:p-1", T0.AddSeconds(1))).ShouldBeFalse();
        (await CreateStore().TryMarkButtonActionAsync("-1001:42:retry:p-1", T0.AddSeconds(2))).ShouldBeFalse();
        (await store.TryMarkButtonActionAsync("-1001:42:retry:P-1", T0)).ShouldBeTrue("keys are compared exactly");
        (await store.TryMarkButtonActionAsync("-1001:43:retry:p-1", T0.AddHours(1))).ShouldBeTrue();
        (await store.TryMarkButtonActionAsync(new string('k', StoreArguments.MaxActionKeyLength), T0.AddHours(1))).ShouldBeTrue();
        await store.TryMarkProcessedAsync(42, T0);

        (await store.PurgeButtonActionsAsync(T0.AddTicks(1))).ShouldBe(2);

        (await store.TryMarkButtonActionAsync("-1001:42:retry:p-1", T0.AddHours(2))).ShouldBeTrue();
        (await store.TryMarkButtonActionAsync("-1001:43:retry:p-1", T0.AddHours(2))).ShouldBeFalse();
        (await store.TryMarkProcessedAsync(42, T0)).ShouldBeFalse("purging button actions leaves processed ids alone");
    }

    /// <summary>An empty or overlong action key is refused.</summary>
    [Fact]
    public async Task An_empty_or_overlong_action_key_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryMarkButtonActionAsync("", T0));
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryMarkButtonActionAsync(new string('k', StoreArguments.MaxActionKeyLength + 1), T0));
    }

    /// <summary>Of concurrent marks of one button action exactly one is first.</summary>
    [Fact]
    public async Task Of_concurrent_marks_of_one_button_action_exactly_one_is_first()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].TryMarkButtonActionAsync("1101:7:retry:post-9", T0).AsTask());
        results.Count(r => r).ShouldBe(1);
    }
}
