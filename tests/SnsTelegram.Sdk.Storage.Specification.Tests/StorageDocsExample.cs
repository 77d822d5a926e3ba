using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

/// <summary>Remembers processed update ids in a dictionary (a real provider would use its database).</summary>
public sealed class DictionaryProcessedUpdateStore : IProcessedUpdateStore
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _processed = new();

    public ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_processed.TryAdd(updateId, now));

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var purged = 0;
        foreach (var (id, processedAt) in _processed)
        {
            if (processedAt < before && _processed.TryRemove(new KeyValuePair<long, DateTimeOffset>(id, processedAt)))
            {
                purged++;
            }
        }

        return ValueTask.FromResult(purged);
    }
}

/// <summary>Chooses the store through the builder that AddSnsTelegram returns.</summary>
public static class DictionaryStoreBuilderExtensions
{
    public static ISnsTelegramBuilder UseDictionaryProcessedUpdates(this ISnsTelegramBuilder builder)
    {
        // replaces the in-memory default (or an earlier provider's store); the other four stores stay as they were
        return builder.ReplaceStore<IProcessedUpdateStore, DictionaryProcessedUpdateStore>();
    }
}

/// <summary>Proves the store: every rule of the specification runs against it.</summary>
public sealed class DictionaryProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly DictionaryProcessedUpdateStore _store = new();

    // every store a test asks for sees the same storage
    protected override IProcessedUpdateStore CreateStore() => _store;
}
