using System.Diagnostics.CodeAnalysis;
#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Chooses the stores: what a storage provider calls from its own <c>Use...</c> method (the in-memory, SQLite and
/// PostgreSQL providers do the same).
/// </summary>
public static class SnsTelegramStoreBuilderExtensions
{
    /// <summary>
    /// Uses <typeparamref name="TImplementation"/> as the one <typeparamref name="TStore"/>, a singleton, replacing any
    /// registration made before (the in-memory default, another provider, or an earlier call).
    /// </summary>
    /// <typeparam name="TStore">The store interface, such as <see cref="IOutboxStore"/>.</typeparam>
    /// <typeparam name="TImplementation">The provider's store; resolved from the container, so it may take services in its constructor.</typeparam>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISnsTelegramBuilder ReplaceStore<TStore, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(this ISnsTelegramBuilder builder)
        where TStore : class
        where TImplementation : class, TStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<TStore>();
        builder.Services.AddSingleton<TStore, TImplementation>();
        return builder;
    }

    /// <summary>
    /// Uses the five stores of one provider, replacing any registered before: a provider's <c>Use...</c> method calls
    /// this, so that no store of another provider is left behind. It also puts back the in-process
    /// <see cref="IDispatchCoordinator"/> (each process sends for itself) and the in-memory <see cref="IRateLimitStore"/>
    /// (each process counts for itself) and the in-memory <see cref="IEventDeliveryStore"/> and <see cref="INotificationNoteStore"/>; a provider whose store several processes share replaces them afterwards with
    /// <see cref="ReplaceStore{TStore, TImplementation}"/>.
    /// </summary>
    /// <typeparam name="TChatLinkStore">The provider's <see cref="IChatLinkStore"/>.</typeparam>
    /// <typeparam name="TLinkTokenStore">The provider's <see cref="ILinkTokenStore"/>.</typeparam>
    /// <typeparam name="TProcessedUpdateStore">The provider's <see cref="IProcessedUpdateStore"/>.</typeparam>
    /// <typeparam name="TOutboxStore">The provider's <see cref="IOutboxStore"/>.</typeparam>
    /// <typeparam name="TJobLeaseStore">The provider's <see cref="IJobLeaseStore"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISnsTelegramBuilder UseStores<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TChatLinkStore, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TLinkTokenStore, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProcessedUpdateStore, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TOutboxStore, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TJobLeaseStore>(this ISnsTelegramBuilder builder)
        where TChatLinkStore : class, IChatLinkStore
        where TLinkTokenStore : class, ILinkTokenStore
        where TProcessedUpdateStore : class, IProcessedUpdateStore
        where TOutboxStore : class, IOutboxStore
        where TJobLeaseStore : class, IJobLeaseStore =>
        builder
            .ReplaceStore<IChatLinkStore, TChatLinkStore>()
            .ReplaceStore<ILinkTokenStore, TLinkTokenStore>()
            .ReplaceStore<IProcessedUpdateStore, TProcessedUpdateStore>()
            .ReplaceStore<IOutboxStore, TOutboxStore>()
            .ReplaceStore<IJobLeaseStore, TJobLeaseStore>()
            .ReplaceStore<IDispatchCoordinator, ProcessDispatchCoordinator>()
            .ReplaceStore<IRateLimitStore, InMemoryRateLimitStore>()
            .ReplaceStore<IDigestStore, InMemoryDigestStore>()
            .ReplaceStore<IEventDeliveryStore, InMemoryEventDeliveryStore>()
            .ReplaceStore<INotificationNoteStore, InMemoryNotificationNoteStore>();
}
