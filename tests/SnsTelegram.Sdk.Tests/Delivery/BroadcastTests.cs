using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary><see cref="ISnsTelegramNotifier.NotifyManyAsync"/> over the in-memory stores.</summary>
public sealed class BroadcastTests
{
    private static ServiceProvider App()
    {
        var services = StorageTestServices.Create();
        services.AddSingleton<TimeProvider>(BroadcastScenario.Clock());
        services.AddSnsTelegram();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_list_follows_the_rules_of_single_notifications()
    {
        await using var app = App();
        await BroadcastScenario.RunAsync(app);
    }

    /// <summary>The example of docs/getting-started.md ("Broadcasts"), run against the in-memory stores.</summary>
    [Fact]
    public async Task The_documented_broadcast_queues_each_linked_user_once()
    {
        await using var app = App();
        var links = app.GetRequiredService<SnsTelegram.Sdk.Storage.IChatLinkStore>();
        await links.LinkAsync(new() { UserId = "user-1", ChatId = 11, LinkedAt = BroadcastScenario.Start }, exclusiveChat: true);
        await links.LinkAsync(new() { UserId = "user-2", ChatId = 12, LinkedAt = BroadcastScenario.Start }, exclusiveChat: true);
        var notifier = app.GetRequiredService<ISnsTelegramNotifier>();
        string[] subscribers = ["user-1", "user-2", "user-3"];
        var cancellationToken = CancellationToken.None;

        for (var attempt = 0; attempt < 2; attempt++)
        {
            // <broadcast>
            var notifications = subscribers.Select(userId =>
                new AutomationExecuted(userId, "Weekly report", [SnsPlatform.Instagram, SnsPlatform.Threads])
                {
                    IdempotencyKey = $"weekly:2026-09:{userId}", // the same list sent again is not sent twice
                });
            var results = await notifier.NotifyManyAsync(notifications, cancellationToken);
            var queued = results.Count(r => r.Status == NotifyStatus.Queued);
            // </broadcast>
            queued.ShouldBe(attempt == 0 ? 2 : 0);
            results.Select(r => r.Status).ShouldBe(attempt == 0
                ? [NotifyStatus.Queued, NotifyStatus.Queued, NotifyStatus.NotLinked]
                : [NotifyStatus.Duplicate, NotifyStatus.Duplicate, NotifyStatus.NotLinked]);
        }
    }

    [Fact]
    public async Task A_list_longer_than_a_chunk_keeps_each_chats_order()
    {
        await using var app = App();
        await BroadcastScenario.RunLongListAsync(app);
    }
}
