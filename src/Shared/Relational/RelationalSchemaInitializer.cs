using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Creates or upgrades the schema of <typeparamref name="TDatabase"/> when the host starts, so a bad path, an unreachable
/// server or a newer schema stops the app at start rather than at the first request.
/// </summary>
internal abstract class RelationalSchemaInitializer<TDatabase>(IServiceProvider services) : IHostedService
    where TDatabase : RelationalDatabase
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // resolved here, not injected: UseInMemoryStores() after this provider's Use...() leaves this service registered, with none of its stores in use
        if (services.GetService(typeof(TDatabase)) is TDatabase database && UsesRelationalStores())
        {
            await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool UsesRelationalStores() =>
        services.GetService(typeof(IChatLinkStore)) is RelationalChatLinkStore
        || services.GetService(typeof(ILinkTokenStore)) is RelationalLinkTokenStore
        || services.GetService(typeof(IProcessedUpdateStore)) is RelationalProcessedUpdateStore
        || services.GetService(typeof(IOutboxStore)) is RelationalOutboxStore
        || services.GetService(typeof(IJobLeaseStore)) is RelationalJobLeaseStore;
}
