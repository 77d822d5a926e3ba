using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Sqlite.Tests;

public sealed class SqliteRegistrationTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task UseSqlite_replaces_every_store_and_creates_the_schema_at_start()
    {
        var services = StorageTestServices.Create();
        services.AddSnsTelegram().UseSqlite(_file.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IChatLinkStore>().ShouldBeOfType<SqliteChatLinkStore>();
        provider.GetRequiredService<ILinkTokenStore>().ShouldBeOfType<SqliteLinkTokenStore>();
        provider.GetRequiredService<IProcessedUpdateStore>().ShouldBeOfType<SqliteProcessedUpdateStore>();
        provider.GetRequiredService<IOutboxStore>().ShouldBeOfType<SqliteOutboxStore>();
        provider.GetRequiredService<IJobLeaseStore>().ShouldBeOfType<SqliteJobLeaseStore>();
        provider.GetRequiredService<IRateLimitStore>().ShouldBeOfType<SqliteRateLimitStore>();
        provider.GetRequiredService<IDigestStore>().ShouldBeOfType<SqliteDigestStore>();
        services.Count(d => d.ServiceType == typeof(IOutboxStore)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IRateLimitStore)).ShouldBe(1);

        File.Exists(_file.Path).ShouldBeFalse();
        await provider.GetServices<IHostedService>().OfType<SqliteSchemaInitializer>().ShouldHaveSingleItem().StartAsync(CancellationToken.None);

        File.Exists(_file.Path).ShouldBeTrue();
    }

    [Fact]
    public void UseInMemoryStores_after_UseSqlite_goes_back_to_memory()
    {
        var services = StorageTestServices.Create();
        services.AddSnsTelegram().UseSqlite(_file.ConnectionString).UseInMemoryStores();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOutboxStore>().ShouldBeOfType<InMemoryOutboxStore>();
        provider.GetRequiredService<IChatLinkStore>().ShouldBeOfType<InMemoryChatLinkStore>();
        provider.GetRequiredService<IRateLimitStore>().ShouldBeOfType<InMemoryRateLimitStore>();
        provider.GetRequiredService<IDigestStore>().ShouldBeOfType<InMemoryDigestStore>();
        services.Count(d => d.ServiceType == typeof(IChatLinkStore)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IRateLimitStore)).ShouldBe(1);
    }

    [Fact]
    public void UseSqlite_refuses_a_bad_connection_string_where_it_is_called()
    {
        var builder = StorageTestServices.Create().AddSnsTelegram();
        Should.Throw<ArgumentException>(() => builder.UseSqlite(" ")).Message.ShouldContain("ConnectionStrings:SnsTelegram");
        // what GetConnectionString("SnsTelegram") returns when the app has no such setting
        Should.Throw<ArgumentException>(() => builder.UseSqlite(null)).Message.ShouldContain("set ConnectionStrings:SnsTelegram");
        Should.Throw<ArgumentException>(() => builder.UseSqlite("Data Source=:memory:")).Message.ShouldContain("UseInMemoryStores");
    }
}
