using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>Digest windows in a SQLite file across restarts of the app, with a fake clock.</summary>
public sealed class SqliteDigestTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private ServiceProvider Instance(FakeTimeProvider time)
    {
        var services = StorageTestServices.Create();
        services.AddSingleton<TimeProvider>(time);
        services.AddSnsTelegram().UseSqlite(_file.ConnectionString);
        return services.BuildServiceProvider();
    }

    private static PostPublished Post(string id) => new("u", SnsPlatform.Instagram, $"Post {id}", $"https://www.instagram.com/p/{id}/") { PostId = id };

    [Fact]
    public async Task A_window_survives_a_restart_and_a_stop_after_its_close_loses_nothing_and_sends_once()
    {
        var time = new FakeTimeProvider(Start);
        await using (var first = Instance(time))
        {
            await first.GetRequiredService<IChatLinkStore>().LinkAsync(
                new ChatLink { UserId = "u", ChatId = 77, LinkedAt = Start, Language = "en", DigestMinutes = 30 }, exclusiveChat: true);
            var notifier = first.GetRequiredService<ISnsTelegramNotifier>();
            (await notifier.NotifyAsync(Post("p1"))).Status.ShouldBe(NotifyStatus.Digested);
            time.Advance(TimeSpan.FromMinutes(5));
            (await notifier.NotifyAsync(Post("p2"))).Status.ShouldBe(NotifyStatus.Digested);
        }

        // the app restarts: the window is still there, and closes at its time
        long windowId;
        await using (var second = Instance(time))
        {
            (await second.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(Post("p1"))).Status.ShouldBe(NotifyStatus.Duplicate);
            time.Advance(TimeSpan.FromMinutes(25));
            windowId = (await second.GetRequiredService<IDigestStore>().ListDueAsync(time.GetUtcNow(), 10)).ShouldHaveSingleItem().Id;
            (await second.GetRequiredService<DigestCloser>().CloseDueAsync(CancellationToken.None)).ShouldBe(1);

            // the app stops right after the close, before anything is sent
        }

        await using var third = Instance(time);
        (await third.GetRequiredService<DigestCloser>().CloseDueAsync(CancellationToken.None)).ShouldBe(0);
        var outbox = third.GetRequiredService<IOutboxStore>();
        (await outbox.GetStatsAsync(time.GetUtcNow())).Pending.ShouldBe(1);
        var digest = (await outbox.FindByKeyAsync(DigestCloser.KeyOf(windowId))).ShouldNotBeNull();
        digest.State.ShouldBe(OutboxState.Pending);
        digest.ChatId.ShouldBe(77);
        digest.Message.Text.ShouldContain("📝 Posts: 2");
    }
}
