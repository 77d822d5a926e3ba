#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage.InMemory;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the in-memory stores.</summary>
public static class InMemoryStoresBuilderExtensions
{
    /// <summary>
    /// Keeps chat links, link tokens, processed update ids, the outbox and job leases in memory (the default when no
    /// other provider is chosen). Everything is lost when the process stops and nothing is shared between instances:
    /// use it for tests and development, and a durable provider such as <c>UseSqlite</c> in production.
    /// It replaces any store registered before.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISnsTelegramBuilder UseInMemoryStores(this ISnsTelegramBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStores<InMemoryChatLinkStore, InMemoryLinkTokenStore, InMemoryProcessedUpdateStore, InMemoryOutboxStore, InMemoryJobLeaseStore>();
    }
}
