using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary><see cref="ISnsTelegramNotifier.NotifyManyAsync"/> over a SQLite file.</summary>
public sealed class SqliteBroadcastTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private ServiceProvider App()
    {
        var services = StorageTestServices.Create();
        services.AddSingleton<TimeProvider>(BroadcastScenario.Clock());
        services.AddSnsTelegram().UseSqlite(_file.ConnectionString);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_list_follows_the_rules_of_single_notifications()
    {
        await using var app = App();
        await BroadcastScenario.RunAsync(app);
    }

    [Fact]
    public async Task A_list_longer_than_a_chunk_keeps_each_chats_order()
    {
        await using var app = App();
        await BroadcastScenario.RunLongListAsync(app);
    }
}
