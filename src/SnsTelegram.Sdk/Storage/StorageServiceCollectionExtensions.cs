using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Storage;

/// <summary>Registers the in-memory stores as the defaults; a provider such as SQLite replaces them through the builder.</summary>
internal static class StorageServiceCollectionExtensions
{
    internal static IServiceCollection AddSnsTelegramStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IChatLinkStore, InMemoryChatLinkStore>();
        services.TryAddSingleton<ILinkTokenStore, InMemoryLinkTokenStore>();
        services.TryAddSingleton<IProcessedUpdateStore, InMemoryProcessedUpdateStore>();
        services.TryAddSingleton<IOutboxStore, InMemoryOutboxStore>();
        services.TryAddSingleton<IJobLeaseStore, InMemoryJobLeaseStore>();
        return services;
    }

    /// <summary>Replaces every store registration with <typeparamref name="TImplementation"/> for <typeparamref name="TService"/>.</summary>
    internal static IServiceCollection ReplaceStore<TService, TImplementation>(this IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
        return services;
    }
}
