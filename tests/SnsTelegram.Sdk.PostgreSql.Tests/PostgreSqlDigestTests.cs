using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>Two app instances over one PostgreSQL schema share digest windows and close each once.</summary>
public sealed class PostgreSqlDigestTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    private ServiceProvider Instance(FakeTimeProvider time)
    {
        var services = StorageTestServices.Create();
        services.AddSingleton<TimeProvider>(time);
        services.AddSnsTelegram().UsePostgreSql(_schema.ConnectionString, _schema.Name);
        return services.BuildServiceProvider();
    }

    private static PostPublished Post(string user, string id) => new(user, SnsPlatform.Instagram, $"Post {id}", $"https://www.instagram.com/p/{id}/") { PostId = id };

    [Fact]
    public async Task Two_instances_fill_one_window_per_user_and_close_each_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var a = Instance(time);
        await using var b = Instance(time);
        var links = a.GetRequiredService<IChatLinkStore>();
        for (var u = 0; u < 5; u++)
        {
            await links.LinkAsync(new ChatLink { UserId = $"u{u}", ChatId = 100 + u, LinkedAt = Start, Language = "ko", DigestMinutes = 10 }, exclusiveChat: true);
        }

        var notifiers = new[] { a.GetRequiredService<ISnsTelegramNotifier>(), b.GetRequiredService<ISnsTelegramNotifier>() };
        var results = await Race.RunAsync(20, i => notifiers[i % 2].NotifyAsync(Post($"u{i % 5}", $"p{i}")).AsTask());
        results.ShouldAllBe(r => r.Status == NotifyStatus.Digested);

        time.Advance(TimeSpan.FromMinutes(10));
        var closers = new[] { a.GetRequiredService<DigestCloser>(), b.GetRequiredService<DigestCloser>() };
        var closed = await Race.RunAsync(4, i => closers[i % 2].CloseDueAsync(CancellationToken.None));

        closed.Sum().ShouldBe(5, "each user's window closes once, whichever instance closes it");
        var outbox = b.GetRequiredService<IOutboxStore>();
        (await outbox.GetStatsAsync(time.GetUtcNow())).Pending.ShouldBe(5);
        for (var u = 0; u < 5; u++)
        {
            var lease = (await outbox.LeaseAsync(10, time.GetUtcNow(), TimeSpan.FromMinutes(1))).ToArray();
            lease.Length.ShouldBe(5 - u);
            await outbox.MarkSentAsync(lease[0].Message.Id, lease[0].LeaseId, time.GetUtcNow(), 1);
            lease[0].Message.NotificationType.ShouldBe(NotificationTypes.Digest);
            lease[0].Message.Message.Text.ShouldContain("📝 게시물: 4개", customMessage: "every event of the user is in their one digest");
            await outbox.ReleaseLeasesAsync();
        }
    }
}
