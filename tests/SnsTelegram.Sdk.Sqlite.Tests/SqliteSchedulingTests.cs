using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>Two app instances with their own schedulers over one SQLite file, with the library's own notifier.</summary>
public sealed class SqliteSchedulingTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Two_instances_sharing_one_sqlite_file_enqueue_each_users_report_once_at_their_local_time()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 8, 50));
        var activity = new ScriptedActivitySource();
        await using var a = new SchedulingHarness(time, activity: activity, storage: s => s.UseSqlite(_file.ConnectionString));
        await using var b = new SchedulingHarness(time, activity: activity, storage: s => s.UseSqlite($"Data Source={_file.Path};Pooling=False"));
        (string User, string Zone, TimeOnly At, DateTimeOffset Expected)[] users =
        [
            ("u-utc", "UTC", new TimeOnly(9, 0), Zones.Utc(2026, 3, 9, 9, 0)),
            ("u-berlin", "Europe/Berlin", new TimeOnly(10, 0), Zones.Utc(2026, 3, 9, 9, 0)),
            ("u-ny", "America/New_York", new TimeOnly(5, 15), Zones.Utc(2026, 3, 9, 9, 15)),
            ("u-seoul", "Asia/Seoul", new TimeOnly(18, 30), Zones.Utc(2026, 3, 9, 9, 30)),
            ("u-lhw", "Australia/Lord_Howe", new TimeOnly(20, 0), Zones.Utc(2026, 3, 9, 9, 0)),
        ];
        var links = a.Provider.GetRequiredService<IChatLinkStore>();
        var chat = 500;
        foreach (var (user, zone, at, _) in users)
        {
            await links.LinkAsync(new ChatLink { UserId = user, ChatId = ++chat, LinkedAt = time.GetUtcNow(), TimeZone = zone, DailyReportTime = at }, exclusiveChat: true);
            ScriptedActivitySource.AddDailyPosts(activity, user, zone, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
        }

        await a.StartAsync();
        await b.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(1), a, b);
        await a.Scheduler.StopAsync(CancellationToken.None);
        await b.Scheduler.StopAsync(CancellationToken.None);

        var outbox = b.Provider.GetRequiredService<IOutboxStore>();
        (await outbox.GetStatsAsync(time.GetUtcNow())).Pending.ShouldBe(users.Length, "one report per user, no duplicates");
        foreach (var (user, zone, _, expected) in users)
        {
            var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(expected, Zones.Get(zone)).DateTime).AddDays(-1);
            var message = await outbox.FindByKeyAsync($"daily_summary:{user}:{local:yyyy-MM-dd}");
            message.ShouldNotBeNull($"{user}'s report for {local}");
            message.CreatedAt.ShouldBe(expected, $"{user} is reported at their own local time");
            message.NotificationType.ShouldBe(NotificationTypes.DailySummary);
        }

        var leases = a.Provider.GetRequiredService<IJobLeaseStore>();
        (await leases.GetLastRunAsync(BuiltInJobs.DailySummary)).ShouldNotBeNull().Occurrence.ShouldBe(Zones.Utc(2026, 3, 9, 10, 20));

        // A restarted instance finds every report in the outbox and sends nothing again.
        await using var restarted = new SchedulingHarness(time, activity: new ScriptedActivitySource(), storage: s => s.UseSqlite($"Data Source={_file.Path};Pooling=False"));
        var result = await restarted.RunDailyAsync();
        result.AlreadySent.ShouldBe(users.Length);
        result.Queued.ShouldBe(0);
        restarted.Activity.Queries.ShouldBeEmpty();
    }
}
