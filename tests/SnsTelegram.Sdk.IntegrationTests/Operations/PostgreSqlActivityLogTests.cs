using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.IntegrationTests.Operations;

/// <summary>The activity log's muted and digested notifications through real HTTP with the app on PostgreSQL.</summary>
public sealed class PostgreSqlActivityLogTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task Muted_and_digested_notifications_are_listed_with_the_others_on_PostgreSql()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, storage: b => b.UsePostgreSql(_schema.ConnectionString, _schema.Name));
        await ActivityLogTests.MutedAndDigestedNotificationsAreListedAsync(app);
        _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".notification_notes WHERE user_id = 'act-user';").ShouldBe(2L);
    }
}
