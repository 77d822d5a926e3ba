using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Tests.Storage;

/// <summary>The behaviour every <see cref="IProcessedUpdateStore"/> provider must have.</summary>
public abstract class ProcessedUpdateStoreConformance : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A store over the same storage as every other store this test creates (for SQLite, another connection pool).</summary>
    protected abstract IProcessedUpdateStore CreateStore();

    public virtual void Dispose() => GC.SuppressFinalize(this);

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

    [Fact]
    public async Task Of_concurrent_marks_of_one_update_exactly_one_is_first()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].TryMarkProcessedAsync(777, T0).AsTask());
        results.Count(r => r).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_marks_of_different_updates_all_succeed()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].TryMarkProcessedAsync(5000 + i, T0).AsTask());
        results.ShouldAllBe(r => r);
    }
}

public sealed class InMemoryProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly InMemoryProcessedUpdateStore _store = new();

    protected override IProcessedUpdateStore CreateStore() => _store;
}
