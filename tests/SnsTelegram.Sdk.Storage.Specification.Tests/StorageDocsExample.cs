using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

/// <summary>Remembers processed update ids, kept updates and button actions in dictionaries (a real provider would use its database).</summary>
public sealed class DictionaryProcessedUpdateStore : IProcessedUpdateStore
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _processed = new();
    private readonly ConcurrentDictionary<long, UnreadableUpdate> _unreadable = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _actions = new(StringComparer.Ordinal);
    private long _lastKept;

    public ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_processed.TryAdd(updateId, now));

    public ValueTask<bool> UnmarkProcessedAsync(long updateId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_processed.TryRemove(updateId, out _));

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(RemoveBefore(_processed, before));

    public ValueTask AddUnreadableAsync(UnreadableUpdate update, CancellationToken cancellationToken = default)
    {
        StoreArguments.UnreadableUpdate(update); // the same limits as every provider
        _unreadable[Interlocked.Increment(ref _lastKept)] = update;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<UnreadableUpdate>> GetUnreadableAsync(int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        IReadOnlyList<UnreadableUpdate> newest = [.. _unreadable.OrderByDescending(e => e.Value.ReceivedAt).ThenByDescending(e => e.Key).Take(limit).Select(e => e.Value)];
        return ValueTask.FromResult(newest);
    }

    public ValueTask<int> PurgeUnreadableAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_unreadable.Count(e => e.Value.ReceivedAt < before && _unreadable.TryRemove(e)));

    public ValueTask<bool> TryMarkButtonActionAsync(string actionKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.ActionKey(actionKey);
        return ValueTask.FromResult(_actions.TryAdd(actionKey, now));
    }

    public ValueTask<int> PurgeButtonActionsAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(RemoveBefore(_actions, before));

    private static int RemoveBefore<TKey>(ConcurrentDictionary<TKey, DateTimeOffset> recorded, DateTimeOffset before)
        where TKey : notnull
    {
        var purged = 0;
        foreach (var entry in recorded)
        {
            if (entry.Value < before && recorded.TryRemove(entry))
            {
                purged++;
            }
        }

        return purged;
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
