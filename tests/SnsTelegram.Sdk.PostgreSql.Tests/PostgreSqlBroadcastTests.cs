using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary><see cref="ISnsTelegramNotifier.NotifyManyAsync"/> over a PostgreSQL schema.</summary>
public sealed class PostgreSqlBroadcastTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    private ServiceProvider App()
    {
        var services = StorageTestServices.Create();
        services.AddSingleton<TimeProvider>(BroadcastScenario.Clock());
        services.AddSnsTelegram().UsePostgreSql(_schema.ConnectionString, _schema.Name);
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
