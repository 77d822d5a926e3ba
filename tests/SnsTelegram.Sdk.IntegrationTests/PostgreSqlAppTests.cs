using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>The whole app on PostgreSQL: schema at start, linking through the bot, notifications through the outbox.</summary>
public sealed class PostgreSqlAppTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    public static TheoryData<TelegramUpdateMode> Modes => new() { TelegramUpdateMode.Webhook, TelegramUpdateMode.Polling };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Linking_and_notifications_work_end_to_end_on_PostgreSql(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode, storage: b => b.UsePostgreSql(_schema.ConnectionString, _schema.Name));

        // the schema was created when the host started
        app.App.Services.GetRequiredService<IOutboxStore>().ShouldBeOfType<PostgreSqlOutboxStore>();
        _schema.Scalar($"SELECT version FROM \"{_schema.Name}\".schema_version;").ShouldBe(PostgreSqlSchema.CurrentVersion);

        var user = app.CreateUser();
        await app.LinkAsync("pg-user", user);
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldNotBeNullOrEmpty();
        (await app.App.Services.GetRequiredService<IChatLinkStore>().GetAsync("pg-user")).ShouldNotBeNull().ChatId.ShouldBe(user.ChatId);
        _schema.Scalar($"SELECT chat_id_cipher FROM \"{_schema.Name}\".chat_links WHERE user_id = 'pg-user';").ShouldBeOfType<string>()
            .ShouldNotContain(user.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ((long)_schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".processed_updates;")!).ShouldBeGreaterThan(0);
        _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".link_tokens WHERE state = 1;").ShouldBe(1L);

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        for (var i = 0; i < 5; i++)
        {
            var result = await notifier.NotifyAsync(new PostPublished("pg-user", SnsPlatform.Instagram, $"post number {i}", $"https://example.com/p/{i}"));
            result.Status.ShouldBe(NotifyStatus.Queued);
        }

        for (var i = 0; i < 5; i++)
        {
            (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain($"post number {i}");
        }

        var (status, body) = await app.PostAsync("send-test-message", "pg-user");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("success");
        await app.NextMessageAsync(user.ChatId);

        var stats = await app.App.Services.GetRequiredService<IOutboxStore>().GetStatsAsync(DateTimeOffset.MaxValue);
        stats.Pending.ShouldBe(0);
        user.Messages.Count(m => m.FromBot && m.Text.Contains("post number", StringComparison.Ordinal)).ShouldBe(5);
    }
}
