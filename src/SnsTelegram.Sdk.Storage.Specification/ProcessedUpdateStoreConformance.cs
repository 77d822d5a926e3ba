namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>The behaviour every <see cref="IProcessedUpdateStore"/> provider must have: an update id is new exactly once, even under a race, until it is purged.</summary>
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
}
