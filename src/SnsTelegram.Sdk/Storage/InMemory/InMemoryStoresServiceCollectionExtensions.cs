using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>Registers the in-memory stores as the defaults; a provider such as SQLite replaces them through the builder.</summary>
internal static class InMemoryStoresServiceCollectionExtensions
{
    internal static IServiceCollection AddSnsTelegramInMemoryStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IChatLinkStore, InMemoryChatLinkStore>();
        services.TryAddSingleton<ILinkTokenStore, InMemoryLinkTokenStore>();
        services.TryAddSingleton<IProcessedUpdateStore, InMemoryProcessedUpdateStore>();
        services.TryAddSingleton<IOutboxStore, InMemoryOutboxStore>();
        services.TryAddSingleton<IDispatchCoordinator, ProcessDispatchCoordinator>();
        services.TryAddSingleton<IJobLeaseStore, InMemoryJobLeaseStore>();
        services.TryAddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        services.TryAddSingleton<IDigestStore, InMemoryDigestStore>();
        services.TryAddSingleton<IEventDeliveryStore, InMemoryEventDeliveryStore>();
        services.TryAddSingleton<INotificationNoteStore, InMemoryNotificationNoteStore>();
        return services;
    }
}
