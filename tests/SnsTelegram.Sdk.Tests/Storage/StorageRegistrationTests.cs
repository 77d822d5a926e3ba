using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void In_memory_stores_are_the_singleton_defaults()
    {
        var services = StorageTestServices.Create();
        services.AddSnsTelegram();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IChatLinkStore>().ShouldBeOfType<InMemoryChatLinkStore>();
        provider.GetRequiredService<ILinkTokenStore>().ShouldBeOfType<InMemoryLinkTokenStore>();
        provider.GetRequiredService<IProcessedUpdateStore>().ShouldBeOfType<InMemoryProcessedUpdateStore>();
        provider.GetRequiredService<IOutboxStore>().ShouldBeOfType<InMemoryOutboxStore>();
        provider.GetRequiredService<IJobLeaseStore>().ShouldBeOfType<InMemoryJobLeaseStore>();
        provider.GetRequiredService<IOutboxStore>().ShouldBeSameAs(provider.GetRequiredService<IOutboxStore>());
    }

    [Fact]
    public void A_store_registered_before_AddSnsTelegram_is_kept()
    {
        var services = StorageTestServices.Create();
        var mine = new InMemoryOutboxStore();
        services.AddSingleton<IOutboxStore>(mine);
        services.AddSnsTelegram();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOutboxStore>().ShouldBeSameAs(mine);
    }
}
