using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Scheduling;
using static SnsTelegram.Sdk.TestKit.ScriptedActivitySource;

namespace SnsTelegram.Sdk.Tests.Summaries;

public sealed class DailySummaryJobTests
{
    private static int _chat = 1000;

    internal static async Task LinkAsync(SharedStores stores, string userId, string? zone = null, TimeOnly? reportTime = null, bool enabled = true)
    {
        var chat = Interlocked.Increment(ref _chat);
        await stores.Links.LinkAsync(
            new ChatLink { UserId = userId, ChatId = chat, LinkedAt = Zones.Utc(2026, 1, 1), TimeZone = zone, DailyReportTime = reportTime },
            exclusiveChat: true);
        if (!enabled)
        {
            await stores.Links.SetEnabledForChatAsync(chat, false, ChatLinkDisabledReasons.StoppedByUser);
        }
    }

    private static async Task<List<(string User, DateOnly Date, DateTimeOffset At)>> WalkAsync(
        DateTimeOffset start,
        DateTimeOffset end,
        (string User, string? Zone, TimeOnly? Time)[] users)
    {
        var time = new FakeTimeProvider(start);
        await using var app = new SchedulingHarness(time);
        foreach (var (user, zone, reportTime) in users)
        {
            await LinkAsync(app.Stores, user, zone, reportTime);
            AddDailyPosts(app.Activity, user, zone is null || LocalTimes.FindZone(zone) is null ? "UTC" : zone, DateOnly.FromDateTime(start.UtcDateTime).AddDays(-3), DateOnly.FromDateTime(end.UtcDateTime).AddDays(2));
        }

        await LinkAsync(app.Stores, "u-off", "UTC", enabled: false);
        AddDailyPosts(app.Activity, "u-off", "UTC", DateOnly.FromDateTime(start.UtcDateTime).AddDays(-3), DateOnly.FromDateTime(end.UtcDateTime));
        while (time.GetUtcNow() < end)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            var result = await app.RunDailyAsync();
            result.Failed.ShouldBe(0);
        }

        var reports = app.Notifier.Calls.ToList();
        reports.ShouldAllBe(c => c.Status == NotifyStatus.Queued, "no report was offered twice");
        foreach (var (_, notification, _) in reports)
        {
            var summary = notification.ShouldBeOfType<DailySummary>();
            summary.TotalPosts.ShouldBe(3, $"{summary.UserId} {summary.Date}: the local day's three posts, nothing from the neighbouring days");
            summary.Platforms.Single().Likes.ShouldBe(3 * summary.Date.Day);
            notification.IdempotencyKey.ShouldBe($"daily_summary:{summary.UserId}:{summary.Date:yyyy-MM-dd}");
        }

        return reports.Select(r => ((DailySummary)r.Notification)).Zip(reports, (s, r) => (s.UserId, s.Date, r.At)).ToList();
    }

    private static (string, DateOnly, DateTimeOffset) R(string user, int month, int day, DateTimeOffset at) => (user, new DateOnly(2026, month, day), at);

    [Fact]
    public async Task Spring_forward_week_each_user_gets_yesterdays_report_at_their_own_local_time()
    {
        var reports = await WalkAsync(Zones.Utc(2026, 3, 6, 12), Zones.Utc(2026, 3, 10, 12), [
            ("u-ny", "America/New_York", null),
            ("u-ny-gap", "America/New_York", new TimeOnly(2, 30)),
            ("u-berlin", "Europe/Berlin", null),
            ("u-lhw", "Australia/Lord_Howe", null),
            ("u-seoul", "Asia/Seoul", null),
            ("u-utc", null, null),
            ("u-bad-zone", "Mars/Olympus_Mons", null),
        ]);
        var first = Zones.Utc(2026, 3, 6, 12, 1); // users whose report time had passed when the walk began are caught up at once
        reports.OrderBy(r => r.User, StringComparer.Ordinal).ThenBy(r => r.At).ShouldBe([
            R("u-bad-zone", 3, 5, first), R("u-bad-zone", 3, 6, Zones.Utc(2026, 3, 7, 9)), R("u-bad-zone", 3, 7, Zones.Utc(2026, 3, 8, 9)),
            R("u-bad-zone", 3, 8, Zones.Utc(2026, 3, 9, 9)), R("u-bad-zone", 3, 9, Zones.Utc(2026, 3, 10, 9)),
            R("u-berlin", 3, 5, first), R("u-berlin", 3, 6, Zones.Utc(2026, 3, 7, 8)), R("u-berlin", 3, 7, Zones.Utc(2026, 3, 8, 8)),
            R("u-berlin", 3, 8, Zones.Utc(2026, 3, 9, 8)), R("u-berlin", 3, 9, Zones.Utc(2026, 3, 10, 8)),
            R("u-lhw", 3, 5, first), R("u-lhw", 3, 6, Zones.Utc(2026, 3, 6, 22)), R("u-lhw", 3, 7, Zones.Utc(2026, 3, 7, 22)),
            R("u-lhw", 3, 8, Zones.Utc(2026, 3, 8, 22)), R("u-lhw", 3, 9, Zones.Utc(2026, 3, 9, 22)),
            R("u-ny", 3, 5, Zones.Utc(2026, 3, 6, 14)), R("u-ny", 3, 6, Zones.Utc(2026, 3, 7, 14)),
            R("u-ny", 3, 7, Zones.Utc(2026, 3, 8, 13)), R("u-ny", 3, 8, Zones.Utc(2026, 3, 9, 13)), // 09:00 EDT after the change
            R("u-ny-gap", 3, 5, first), R("u-ny-gap", 3, 6, Zones.Utc(2026, 3, 7, 7, 30)),
            R("u-ny-gap", 3, 7, Zones.Utc(2026, 3, 8, 7, 0)), // 02:30 does not exist on 8 March: sent at 03:00 EDT
            R("u-ny-gap", 3, 8, Zones.Utc(2026, 3, 9, 6, 30)), R("u-ny-gap", 3, 9, Zones.Utc(2026, 3, 10, 6, 30)),
            R("u-seoul", 3, 5, first), R("u-seoul", 3, 6, Zones.Utc(2026, 3, 7)), R("u-seoul", 3, 7, Zones.Utc(2026, 3, 8)),
            R("u-seoul", 3, 8, Zones.Utc(2026, 3, 9)), R("u-seoul", 3, 9, Zones.Utc(2026, 3, 10)),
            R("u-utc", 3, 5, first), R("u-utc", 3, 6, Zones.Utc(2026, 3, 7, 9)), R("u-utc", 3, 7, Zones.Utc(2026, 3, 8, 9)),
            R("u-utc", 3, 8, Zones.Utc(2026, 3, 9, 9)), R("u-utc", 3, 9, Zones.Utc(2026, 3, 10, 9)),
        ]);
    }

    [Fact]
    public async Task Berlin_fall_back_a_repeated_report_time_sends_once()
    {
        var reports = await WalkAsync(Zones.Utc(2026, 10, 24, 12), Zones.Utc(2026, 10, 26, 12), [
            ("u-ber-0230", "Europe/Berlin", new TimeOnly(2, 30)),
            ("u-ber", "Europe/Berlin", null),
        ]);
        var first = Zones.Utc(2026, 10, 24, 12, 1);
        reports.OrderBy(r => r.User, StringComparer.Ordinal).ThenBy(r => r.At).ShouldBe([
            R("u-ber", 10, 23, first), R("u-ber", 10, 24, Zones.Utc(2026, 10, 25, 8)), R("u-ber", 10, 25, Zones.Utc(2026, 10, 26, 8)),
            R("u-ber-0230", 10, 23, first),
            R("u-ber-0230", 10, 24, Zones.Utc(2026, 10, 25, 0, 30)), // the first 02:30 (CEST); not again at the second (01:30Z)
            R("u-ber-0230", 10, 25, Zones.Utc(2026, 10, 26, 1, 30)),
        ]);
    }

    [Fact]
    public async Task New_York_fall_back_a_repeated_report_time_sends_once()
    {
        var reports = await WalkAsync(Zones.Utc(2026, 10, 31, 12), Zones.Utc(2026, 11, 2, 12), [
            ("u-ny-0130", "America/New_York", new TimeOnly(1, 30)),
            ("u-ny", "America/New_York", null),
        ]);
        reports.OrderBy(r => r.User, StringComparer.Ordinal).ThenBy(r => r.At).ShouldBe([
            R("u-ny", 10, 30, Zones.Utc(2026, 10, 31, 13)), R("u-ny", 10, 31, Zones.Utc(2026, 11, 1, 14)),
            R("u-ny-0130", 10, 30, Zones.Utc(2026, 10, 31, 12, 1)),
            R("u-ny-0130", 10, 31, Zones.Utc(2026, 11, 1, 5, 30)), // first 01:30 (EDT) only
            R("u-ny-0130", 11, 1, Zones.Utc(2026, 11, 2, 6, 30)),
        ]);
    }

    [Fact]
    public async Task Lord_Howe_half_hour_shifts_gap_and_repeat()
    {
        var spring = await WalkAsync(Zones.Utc(2026, 10, 2, 12), Zones.Utc(2026, 10, 5), [("u-lhw-0215", "Australia/Lord_Howe", new TimeOnly(2, 15))]);
        spring.OrderBy(r => r.At).ShouldBe([
            R("u-lhw-0215", 10, 1, Zones.Utc(2026, 10, 2, 12, 1)),
            R("u-lhw-0215", 10, 2, Zones.Utc(2026, 10, 2, 15, 45)), // 02:15 at +10:30
            R("u-lhw-0215", 10, 3, Zones.Utc(2026, 10, 3, 15, 30)), // 02:15 is skipped on 4 October: sent at 02:30 (+11)
            R("u-lhw-0215", 10, 4, Zones.Utc(2026, 10, 4, 15, 15)), // 02:15 at +11
        ]);

        var autumn = await WalkAsync(Zones.Utc(2026, 4, 3, 12), Zones.Utc(2026, 4, 6), [("u-lhw-0145", "Australia/Lord_Howe", new TimeOnly(1, 45))]);
        autumn.OrderBy(r => r.At).ShouldBe([
            R("u-lhw-0145", 4, 2, Zones.Utc(2026, 4, 3, 12, 1)),
            R("u-lhw-0145", 4, 3, Zones.Utc(2026, 4, 3, 14, 45)),
            R("u-lhw-0145", 4, 4, Zones.Utc(2026, 4, 4, 14, 45)), // 01:45 repeats on 5 April: only the first (+11)
            R("u-lhw-0145", 4, 5, Zones.Utc(2026, 4, 5, 15, 15)), // +10:30 afterwards
        ]);
    }

    [Fact]
    public async Task A_day_without_posts_is_skipped_by_default_and_a_short_note_when_configured()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 9, 30));
        await using (var app = new SchedulingHarness(time))
        {
            await LinkAsync(app.Stores, "quiet");
            var result = await app.RunDailyAsync();
            result.NoPosts.ShouldBe(1);
            app.Notifier.Calls.ShouldBeEmpty();
            (await app.RunDailyAsync()).AlreadySent.ShouldBe(1, "a skipped user is not aggregated again the same day");
            app.Activity.Queries.Count.ShouldBe(1);
        }

        await using (var app = new SchedulingHarness(time, configure: o => o.DailySummary.SendWhenNoPosts = true))
        {
            await LinkAsync(app.Stores, "quiet");
            (await app.RunDailyAsync()).Queued.ShouldBe(1);
            var summary = app.Notifier.Queued.Single();
            summary.TotalPosts.ShouldBe(0);
            summary.Date.ShouldBe(new DateOnly(2026, 3, 8));
        }
    }

    [Fact]
    public async Task Users_are_paged_in_batches_and_each_batch_asks_the_activity_source_once()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 23, 30));
        await using var app = new SchedulingHarness(time, configure: o => o.DailySummary.BatchSize = 2);
        string[] zones = ["Asia/Seoul", "Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"];
        for (var i = 0; i < 5; i++)
        {
            await LinkAsync(app.Stores, $"u{i}", zones[i], new TimeOnly(0, 0));
            AddDailyPosts(app.Activity, $"u{i}", zones[i], new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
        }

        var result = await app.RunDailyAsync();
        result.Queued.ShouldBe(5);
        var queries = app.Activity.Queries.ToList();
        queries.Select(q => q.Users).ShouldBe([["u0", "u1"], ["u2", "u3"], ["u4"]]);

        // The first batch is Seoul (9 March local = 8 March 15:00Z .. 9 March 15:00Z) and Berlin (9 March local = 8 March 23:00Z .. 9 March 23:00Z).
        queries[0].From.ShouldBe(Zones.Utc(2026, 3, 8, 15));
        queries[0].To.ShouldBe(Zones.Utc(2026, 3, 9, 23));
        app.Notifier.Queued.ShouldAllBe(s => s.TotalPosts == 3);
        app.Notifier.Queued.Single(s => s.UserId == "u0").Date.ShouldBe(new DateOnly(2026, 3, 9));
        app.Notifier.Queued.Single(s => s.UserId == "u2").Date.ShouldBe(new DateOnly(2026, 3, 8));
    }

    [Fact]
    public async Task Two_instances_and_a_restart_send_each_report_once()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 8));
        var stores = new SharedStores();
        var activity = new ScriptedActivitySource();
        await using var a = new SchedulingHarness(time, stores, activity: activity);
        await using var b = new SchedulingHarness(time, stores, activity: activity);
        for (var i = 0; i < 50; i++)
        {
            await LinkAsync(stores, $"user-{i:D3}", i % 2 == 0 ? "UTC" : "Asia/Seoul");
            AddDailyPosts(activity, $"user-{i:D3}", i % 2 == 0 ? "UTC" : "Asia/Seoul", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
        }

        // Both instances run the same minutes, at the same time, for two hours.
        for (var minute = 0; minute < 120; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(a.RunDailyAsync(), b.RunDailyAsync());
        }

        var queued = a.Notifier.Queued.Concat(b.Notifier.Queued).ToList();
        queued.Count.ShouldBe(50);
        queued.Select(s => s.UserId).Distinct().Count().ShouldBe(50);

        // A restarted instance (empty memory, same stores) sends nothing again and does not even aggregate.
        await using var restarted = new SchedulingHarness(time, stores, activity: new ScriptedActivitySource());
        var result = await restarted.RunDailyAsync();
        result.Due.ShouldBe(50);
        result.AlreadySent.ShouldBe(50);
        restarted.Notifier.Calls.ShouldBeEmpty();
        restarted.Activity.Queries.ShouldBeEmpty();
        (await stores.Outbox.FindByKeyAsync("daily_summary:user-000:2026-03-08")).ShouldNotBeNull();
        (await stores.Outbox.FindByKeyAsync("daily_summary:user-001:2026-03-08")).ShouldNotBeNull();
    }

    [Fact]
    public async Task After_a_gap_the_reports_missed_in_it_are_sent_late_oldest_first_up_to_CatchUpDays()
    {
        // The job last ran on 9 March at 08:00 UTC, before the 09:00 report time; the app comes back on 12 March at 10:00.
        var lastRun = Zones.Utc(2026, 3, 9, 8, 0);
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 12, 10, 0));
        await using var app = new SchedulingHarness(time);
        await LinkAsync(app.Stores, "alice", "UTC");
        AddDailyPosts(app.Activity, "alice", "UTC", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));

        // bob linked on 11 March at 10:00: after that day's report time, so that day's report (10 March) was never his
        await app.Stores.Links.LinkAsync(new ChatLink { UserId = "bob", ChatId = 77, LinkedAt = Zones.Utc(2026, 3, 11, 10, 0), TimeZone = "UTC" }, exclusiveChat: true);
        AddDailyPosts(app.Activity, "bob", "UTC", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));

        var result = await app.RunDailyAsync(lastRun);
        result.Failed.ShouldBe(0);
        result.Late.ShouldBe(2);
        app.Notifier.Queued.Where(s => s.UserId == "alice").Select(s => s.Date).ShouldBe(
            [new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11)],
            "the reports of 9 and 10 March (due 10 and 11 March) late and oldest first, then yesterday's; 8 March's (due 9 March, three days back) is beyond CatchUpDays = 2");
        app.Notifier.Queued.Where(s => s.UserId == "bob").Select(s => s.Date).ShouldBe([new DateOnly(2026, 3, 11)]);
        app.Notifier.Queued.ShouldAllBe(s => s.TotalPosts == 3);

        // the next minute's run has no gap behind it: nothing more
        time.Advance(TimeSpan.FromMinutes(1));
        var next = await app.RunDailyAsync(time.GetUtcNow().AddMinutes(-1));
        next.Late.ShouldBe(0);
        next.Queued.ShouldBe(0);
        app.Notifier.Queued.Count().ShouldBe(4);
    }

    [Fact]
    public async Task The_scheduled_job_reads_its_last_run_from_the_lease_store_and_CatchUpDays_0_sends_only_yesterday()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 12, 10, 0));
        var stores = new SharedStores();
        await using var app = new SchedulingHarness(time, stores);
        await using var strict = new SchedulingHarness(time, new SharedStores(), configure: o => o.DailySummary.CatchUpDays = 0);
        foreach (var harness in new[] { app, strict })
        {
            await LinkAsync(harness.Stores, "alice", "UTC");
            AddDailyPosts(harness.Activity, "alice", "UTC", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
            await harness.Stores.Leases.CompleteAsync(new JobRunRecord(BuiltInJobs.DailySummary, Zones.Utc(2026, 3, 10, 8, 0), "old", Zones.Utc(2026, 3, 10, 8, 0), TimeSpan.FromSeconds(1), JobOutcome.Succeeded));
            await using var scope = harness.Provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DailySummaryJob>()
                .ExecuteAsync(new JobContext(BuiltInJobs.DailySummary, time.GetUtcNow(), time.GetUtcNow(), scope.ServiceProvider), CancellationToken.None);
        }

        app.Notifier.Queued.Select(s => s.Date).ShouldBe([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11)]);
        strict.Notifier.Queued.Select(s => s.Date).ShouldBe([new DateOnly(2026, 3, 11)]);
    }

    [Fact]
    public async Task A_crash_between_aggregation_and_enqueue_is_repaired_by_the_next_run()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 9, 0));
        await using var app = new SchedulingHarness(time);
        await LinkAsync(app.Stores, "alice");
        await LinkAsync(app.Stores, "bob");
        AddDailyPosts(app.Activity, "alice", "UTC", new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 9));
        AddDailyPosts(app.Activity, "bob", "UTC", new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 9));
        app.Notifier.Fail = n => n.UserId == "alice" ? new IOException("process died before the outbox write") : null;

        await using (var scope = app.Provider.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<DailySummaryJob>();
            await Should.ThrowAsync<InvalidOperationException>(() => job.ExecuteAsync(new JobContext(BuiltInJobs.DailySummary, time.GetUtcNow(), time.GetUtcNow(), scope.ServiceProvider), CancellationToken.None));
        }

        app.Notifier.Queued.Select(s => s.UserId).ShouldBe(["bob"], "one user's failure does not hold back the others");
        (await app.Stores.Outbox.FindByKeyAsync("daily_summary:alice:2026-03-08")).ShouldBeNull();

        app.Notifier.Fail = null;
        time.Advance(TimeSpan.FromMinutes(1));
        var repaired = await app.RunDailyAsync();
        repaired.Queued.ShouldBe(1);
        repaired.AlreadySent.ShouldBe(1);
        app.Notifier.Queued.Select(s => s.UserId).Order().ShouldBe(["alice", "bob"]);
        app.Notifier.Queued.Single(s => s.UserId == "alice").TotalPosts.ShouldBe(3);
    }
}
