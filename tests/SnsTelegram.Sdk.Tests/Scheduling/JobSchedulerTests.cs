using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Operations;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Scheduling;

public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Start = Zones.Utc(2026, 3, 7, 23, 30);

    private static SchedulingHarness App(FakeTimeProvider time, Action<ISnsTelegramBuilder> build, SharedStores? stores = null, Action<SnsTelegramOptions>? configure = null) =>
        new(time, stores, o =>
        {
            o.DailySummary.Enabled = false;
            o.Jobs[BuiltInJobs.Housekeeping] = new JobOverrideOptions { Enabled = false };
            configure?.Invoke(o);
        }, build);

    private static DateTimeOffset[] Occurrences(SchedulingHarness app, string jobId) =>
        app.JobLog.Runs.Where(r => r.JobId == jobId).Select(r => r.Occurrence).ToArray();

    [Fact]
    public async Task A_cron_job_in_a_zone_runs_at_each_occurrence_across_a_spring_forward()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(time, b => b.AddJob<CountingJob>("report", JobSchedule.Cron("30 2 * * *", Zones.Get("America/New_York"))));
        await app.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromDays(3), TimeSpan.FromMinutes(10), app);

        Occurrences(app, "report").ShouldBe([Zones.Utc(2026, 3, 8, 7, 0), Zones.Utc(2026, 3, 9, 6, 30), Zones.Utc(2026, 3, 10, 6, 30)]);
        app.JobLog.Runs.Select(r => r.StartedAt).ShouldBe(Occurrences(app, "report"), "each run starts at its instant, not later");
        var status = (await app.Scheduler.GetStatusAsync()).Single(s => s.Job.Id == "report");
        status.LastRun.ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Succeeded);
        status.LastRun.Occurrence.ShouldBe(Zones.Utc(2026, 3, 10, 6, 30));
        status.NextOccurrence.ShouldBe(Zones.Utc(2026, 3, 11, 6, 30));
        status.IsRunning.ShouldBeFalse();
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("Australia/Lord_Howe", "45 1 * * *", "2026-04-04T00:00:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z")]
    [InlineData("Asia/Seoul", "0 9 * * *", "2026-04-04T00:00:00Z", "2026-04-05T00:00:00Z", "2026-04-06T00:00:00Z")]
    [InlineData("UTC", "0 9 * * *", "2026-04-04T10:00:00Z", "2026-04-05T09:00:00Z", "2026-04-06T09:00:00Z")]
    public async Task A_cron_job_runs_a_repeated_local_time_once(string zone, string cron, string start, string first, string second)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        await using var app = App(time, b => b.AddJob<CountingJob>("daily", JobSchedule.Cron(cron, Zones.Get(zone))));
        await app.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromHours(50), TimeSpan.FromMinutes(15), app);
        Occurrences(app, "daily").ShouldBe([
            DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(second, System.Globalization.CultureInfo.InvariantCulture),
        ]);
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Two_instances_sharing_a_lease_store_run_each_occurrence_once()
    {
        var time = new FakeTimeProvider(Start);
        var stores = new SharedStores();
        await using var a = App(time, b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))), stores);
        await using var b = App(time, b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))), stores);
        a.Scheduler.InstanceId.ShouldNotBe(b.Scheduler.InstanceId);
        await a.StartAsync();
        await b.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1), a, b);

        var all = Occurrences(a, "tick").Concat(Occurrences(b, "tick")).Order().ToArray();
        all.Length.ShouldBe(60);
        all.Distinct().Count().ShouldBe(60);
        all[0].ShouldBe(Start.AddMinutes(1));
        await a.Scheduler.StopAsync(CancellationToken.None);
        await b.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_exception_is_recorded_as_failed_and_the_schedule_goes_on()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(time, b => b.AddJob<FlakyJob>("flaky", JobSchedule.Every(TimeSpan.FromMinutes(5))));
        using var runs = new MetricCollector<long>(app.Provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.jobs.runs");
        app.JobLog.FailuresLeft = 1;
        await app.StartAsync();

        await Clock.AdvanceAsync(time, TimeSpan.FromMinutes(5), app);
        var failed = await app.Stores.Leases.GetLastRunAsync("flaky");
        failed.ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Failed);
        failed.Error.ShouldBe("InvalidOperationException: boom");
        failed.Owner.ShouldBe(app.Scheduler.InstanceId);
        var health = await new SchedulerHealthCheck(app.Scheduler, time, app.Provider.GetRequiredService<IOptions<SnsTelegramOptions>>())
            .CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("s", _ => null!, HealthStatus.Degraded, null) });
        health.Status.ShouldBe(HealthStatus.Degraded);
        health.Description.ShouldNotBeNull().ShouldContain("flaky failed");

        await Clock.AdvanceAsync(time, TimeSpan.FromMinutes(5), app);
        (await app.Stores.Leases.GetLastRunAsync("flaky")).ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Succeeded);
        app.JobLog.Runs.Count.ShouldBe(2);
        runs.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]).ShouldBe(["failed", "succeeded"]);
        runs.GetMeasurementSnapshot().ShouldAllBe(m => (string?)m.Tags["job"] == "flaky");
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_job_never_runs_twice_at_once_and_shutdown_cancels_it_and_records_canceled()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(time, b => b.AddJob<BlockingJob>("slow", JobSchedule.Every(TimeSpan.FromMinutes(1))));
        await app.StartAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => app.JobLog.Runs.Count == 1, "the first run has started");
        for (var i = 0; i < 5; i++)
        {
            // Occurrences come due while the first run is still going; wait until the loop has dealt with each.
            time.Advance(TimeSpan.FromMinutes(1));
            var expectedNext = time.GetUtcNow().AddMinutes(1);
            await Eventually.WaitUntilAsync(async () => (await app.Scheduler.GetStatusAsync()).Single(s => s.Job.Id == "slow").NextOccurrence == expectedNext, "the loop has dealt with the occurrence");
        }

        (await app.Scheduler.GetStatusAsync()).Single(s => s.Job.Id == "slow").IsRunning.ShouldBeTrue();
        await app.Scheduler.StopAsync(CancellationToken.None);

        app.JobLog.Runs.Count.ShouldBe(1);
        app.JobLog.MaxConcurrent.ShouldBe(1);
        var last = await app.Stores.Leases.GetLastRunAsync("slow");
        last.ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Canceled);
        last.Occurrence.ShouldBe(Start.AddMinutes(1));
    }

    [Fact]
    public async Task A_run_whose_lease_another_instance_took_over_is_canceled_and_left_to_that_instance()
    {
        var time = new FakeTimeProvider(Start);
        var stores = new SharedStores();
        var hourly = JobSchedule.Cron("0 * * * *");
        var occurrence = Zones.Utc(2026, 3, 7, 23, 0);

        // The last run was at 22:00, so each instance runs the missed 23:00 occurrence when it starts.
        var previous = new JobRunRecord("slow", Zones.Utc(2026, 3, 7, 22, 0), "old-instance", Zones.Utc(2026, 3, 7, 22, 0), TimeSpan.FromSeconds(1), JobOutcome.Succeeded);
        await stores.Leases.CompleteAsync(previous);
        var aStore = new StallingLeaseStore(stores.Leases);
        await using var a = App(
            time,
            builder =>
            {
                builder.AddJob<BlockingJob>("slow", hourly);
                builder.Services.Replace(ServiceDescriptor.Singleton<IJobLeaseStore>(aStore));
            },
            stores,
            o => o.Scheduler.LeaseDuration = TimeSpan.FromSeconds(20));
        await using var b = App(time, builder => builder.AddJob<BlockingJob>("slow", hourly), stores, o => o.Scheduler.LeaseDuration = TimeSpan.FromHours(1));
        using var runs = new MetricCollector<long>(a.Provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.jobs.runs");

        await a.Scheduler.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => Task.FromResult(a.JobLog.Runs.Count == 1), "instance A to start the missed occurrence");
        a.JobLog.Runs.Single().Occurrence.ShouldBe(occurrence);

        // A's store hangs during its first renewal (at half the 20 s lease) while the clock runs past the lease.
        aStore.Stall();
        time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.WaitUntilAsync(() => Task.FromResult(aStore.StalledCalls == 1), "instance A to renew its lease");
        time.Advance(TimeSpan.FromSeconds(50));

        // B finds the lease ended and takes the occurrence over.
        await b.Scheduler.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => Task.FromResult(b.JobLog.Runs.Count == 1), "instance B to take the occurrence over");
        b.JobLog.Runs.Single().Occurrence.ShouldBe(occurrence);

        // A's renewal reaches the store, which answers that the lease is no longer A's: A's job is canceled.
        aStore.Resume();
        await Eventually.WaitUntilAsync(() => Task.FromResult(!a.JobLog.Canceled.IsEmpty), "instance A's job to be canceled");
        a.JobLog.Canceled.ShouldBe([("slow", occurrence)]);
        await Eventually.WaitUntilAsync(async () => !(await a.Scheduler.GetStatusAsync()).Single(s => s.Job.Id == "slow").IsRunning, "instance A's run to end");
        var aLogs = a.Logs.GetSnapshot();
        aLogs.ShouldContain(r => r.Id.Name == "LeaseLost" && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        aLogs.ShouldContain(r => r.Id.Name == "JobLeaseLostRunEnded");
        aLogs.ShouldNotContain(r => r.Id.Name == "JobCanceled" || r.Id.Name == "JobSucceeded" || r.Id.Name == "JobFailed");
        runs.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]).ShouldBe(["canceled"]);
        (await stores.Leases.GetLastRunAsync("slow")).ShouldBe(previous, "A recorded nothing: the occurrence is B's");

        // B still holds the occurrence: its run goes on and is the one recorded.
        b.JobLog.Canceled.ShouldBeEmpty();
        b.JobLog.Release.SetResult();
        await Eventually.WaitUntilAsync(async () => (await stores.Leases.GetLastRunAsync("slow"))?.Owner == b.Scheduler.InstanceId, "instance B to record its run");
        var recorded = await stores.Leases.GetLastRunAsync("slow");
        recorded.ShouldNotBeNull().Occurrence.ShouldBe(occurrence);
        recorded.Outcome.ShouldBe(JobOutcome.Succeeded);
        a.JobLog.Runs.Count.ShouldBe(1);
        await a.Scheduler.StopAsync(CancellationToken.None);
        await b.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_once_policy_runs_the_latest_missed_occurrence_on_start_and_skip_policy_does_not()
    {
        var time = new FakeTimeProvider(Start);
        var stores = new SharedStores();
        var hourly = JobSchedule.Cron("0 * * * *");
        foreach (var id in new[] { "catch-up", "skip" })
        {
            await stores.Leases.CompleteAsync(new JobRunRecord(id, Start.AddHours(-5).AddMinutes(-30), "old-instance", Start.AddHours(-5), TimeSpan.FromSeconds(1), JobOutcome.Succeeded));
        }

        await using var app = App(
            time,
            b => b.AddJob<CountingJob>("catch-up", hourly).AddJob<CountingJob>("skip", hourly, MissedRunPolicy.Skip).AddJob<CountingJob>("fresh", hourly),
            stores);
        await app.StartAsync();

        Occurrences(app, "catch-up").ShouldBe([Zones.Utc(2026, 3, 7, 23, 0)], "only the latest missed occurrence, once");
        Occurrences(app, "skip").ShouldBeEmpty();
        Occurrences(app, "fresh").ShouldBeEmpty("a job that never ran has missed nothing");

        await Clock.AdvanceAsync(time, TimeSpan.FromMinutes(30), app);
        Occurrences(app, "catch-up").ShouldBe([Zones.Utc(2026, 3, 7, 23, 0), Zones.Utc(2026, 3, 8)]);
        Occurrences(app, "skip").ShouldBe([Zones.Utc(2026, 3, 8)]);
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_scheduler_turned_off_runs_nothing_but_still_reports_status()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(time, b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))), configure: o => o.Scheduler.Enabled = false);
        await app.StartAsync();
        await Clock.AdvanceAsync(time, TimeSpan.FromMinutes(10), app);
        app.JobLog.Runs.ShouldBeEmpty();
        var status = (await app.Provider.GetRequiredService<IJobScheduler>().GetStatusAsync()).Single(s => s.Job.Id == "tick");
        status.NextOccurrence.ShouldBe(Start.AddMinutes(11));
        status.LastRun.ShouldBeNull();
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Configuration_overrides_change_the_schedule_and_turn_jobs_off()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(
            time,
            b => b.AddJob<CountingJob>("moved", JobSchedule.Every(TimeSpan.FromMinutes(1)))
                .AddJob<CountingJob>("off", JobSchedule.Every(TimeSpan.FromMinutes(1)))
                .AddJob<CountingJob>("rezoned", JobSchedule.Cron("0 9 * * *"))
                .AddJob<CountingJob>("faster", JobSchedule.Cron("0 9 * * *")),
            configure: o =>
            {
                o.Jobs["moved"] = new JobOverrideOptions { Cron = "15 0 * * *", TimeZone = "Asia/Seoul" };
                o.Jobs["OFF"] = new JobOverrideOptions { Enabled = false };
                o.Jobs["rezoned"] = new JobOverrideOptions { TimeZone = "Asia/Seoul" };
                o.Jobs["faster"] = new JobOverrideOptions { Interval = TimeSpan.FromHours(6) };
            });
        var jobs = app.Provider.GetRequiredService<IJobScheduler>().Jobs.ToDictionary(j => j.Id);
        jobs["moved"].Schedule.ShouldBeOfType<CronJobSchedule>().TimeZone.Id.ShouldBe("Asia/Seoul");
        jobs["off"].Enabled.ShouldBeFalse();
        jobs[BuiltInJobs.DailySummary].Enabled.ShouldBeFalse();
        jobs[BuiltInJobs.Housekeeping].Enabled.ShouldBeFalse();
        await app.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromHours(18), TimeSpan.FromMinutes(15), app);

        Occurrences(app, "moved").ShouldBe([Zones.Utc(2026, 3, 8, 15, 15)]); // 00:15 KST on 9 March
        Occurrences(app, "off").ShouldBeEmpty();
        Occurrences(app, "rezoned").ShouldBe([Zones.Utc(2026, 3, 8, 0, 0)]); // 09:00 KST
        Occurrences(app, "faster").ShouldBe([Zones.Utc(2026, 3, 8, 0, 0), Zones.Utc(2026, 3, 8, 6, 0), Zones.Utc(2026, 3, 8, 12, 0)]);
        await app.Scheduler.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("Cron", "61 * * * *", "SnsTelegram:Jobs:tick:Cron")]
    [InlineData("Cron", "* * *", "SnsTelegram:Jobs:tick:Cron")]
    [InlineData("TimeZone", "Nowhere/Special", "SnsTelegram:Jobs:tick:TimeZone")]
    [InlineData("TimeZoneOnInterval", "Asia/Seoul", "SnsTelegram:Jobs:tick:TimeZone applies to a cron schedule")]
    [InlineData("Interval", "00:00:00.5", "SnsTelegram:Jobs:tick:Interval")]
    [InlineData("Both", "", "set either Cron or Interval")]
    public async Task A_bad_override_stops_the_app_at_start_with_the_setting_named(string field, string value, string expected)
    {
        var time = new FakeTimeProvider(Start);
        await using var app = new SchedulingHarness(time, configure: o => o.Jobs["tick"] = field switch
        {
            "Cron" => new JobOverrideOptions { Cron = value },
            "TimeZone" => new JobOverrideOptions { TimeZone = value, Cron = "0 9 * * *" },
            "TimeZoneOnInterval" => new JobOverrideOptions { TimeZone = value },
            "Interval" => new JobOverrideOptions { Interval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new JobOverrideOptions { Cron = "0 9 * * *", Interval = TimeSpan.FromHours(1) },
        }, build: b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))));
        var ex = Should.Throw<OptionsValidationException>(() => app.Provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value);
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Job_registration_refuses_bad_and_duplicate_ids()
    {
        var builder = new ServiceCollection().AddSnsTelegram();
        builder.AddJob<CountingJob>("one", JobSchedule.Every(TimeSpan.FromMinutes(1)));
        Should.Throw<InvalidOperationException>(() => builder.AddJob<CountingJob>("ONE", JobSchedule.Every(TimeSpan.FromMinutes(1)))).Message.ShouldContain("'ONE'");
        Should.Throw<InvalidOperationException>(() => builder.AddJob<CountingJob>(BuiltInJobs.DailySummary, JobSchedule.Every(TimeSpan.FromMinutes(1))));
        Should.Throw<ArgumentException>(() => builder.AddJob<CountingJob>("has space", JobSchedule.Every(TimeSpan.FromMinutes(1))));
    }

    [Fact]
    public async Task The_daily_report_job_is_off_without_an_activity_source_and_on_with_one()
    {
        var time = new FakeTimeProvider(Start);
        await using (var without = new SchedulingHarness(time, withActivitySource: false))
        {
            without.Provider.GetRequiredService<IJobScheduler>().Jobs.Single(j => j.Id == BuiltInJobs.DailySummary).Enabled.ShouldBeFalse();
        }

        await using var with = new SchedulingHarness(time);
        var daily = with.Provider.GetRequiredService<IJobScheduler>().Jobs.Single(j => j.Id == BuiltInJobs.DailySummary);
        daily.Enabled.ShouldBeTrue();
        daily.Schedule.ShouldBe(JobSchedule.Every(TimeSpan.FromMinutes(1)));
        with.Provider.GetRequiredService<IJobScheduler>().Jobs.Single(j => j.Id == BuiltInJobs.Housekeeping).Enabled.ShouldBeTrue();
    }

    [Fact]
    public async Task The_scheduler_sends_the_daily_report_once_with_two_instances_and_housekeeping_purges()
    {
        var time = new FakeTimeProvider(Zones.Utc(2026, 3, 9, 8, 50));
        var stores = new SharedStores();
        var activity = new ScriptedActivitySource();
        await using var a = new SchedulingHarness(time, stores, activity: activity);
        await using var b = new SchedulingHarness(time, stores, activity: activity);
        await Summaries.DailySummaryJobTests.LinkAsync(stores, "alice");
        await Summaries.DailySummaryJobTests.LinkAsync(stores, "bob", "Europe/Berlin", new TimeOnly(10, 0));
        ScriptedActivitySource.AddDailyPosts(activity, "alice", "UTC", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
        ScriptedActivitySource.AddDailyPosts(activity, "bob", "Europe/Berlin", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12));
        await a.StartAsync();
        await b.StartAsync();
        await Clock.WalkAsync(time, TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(1), a, b);

        var queued = a.Notifier.Calls.Concat(b.Notifier.Calls).Where(c => c.Status == NotifyStatus.Queued).OrderBy(c => c.At).ToList();
        queued.Select(c => (c.Notification.UserId, c.At)).ShouldBe([("alice", Zones.Utc(2026, 3, 9, 9, 0)), ("bob", Zones.Utc(2026, 3, 9, 9, 0))]);
        (await stores.Leases.GetLastRunAsync(BuiltInJobs.Housekeeping)).ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Succeeded);
        (await stores.Leases.GetLastRunAsync(BuiltInJobs.DailySummary)).ShouldNotBeNull().Occurrence.ShouldBe(Zones.Utc(2026, 3, 9, 10, 20));
        await a.Scheduler.StopAsync(CancellationToken.None);
        await b.Scheduler.StopAsync(CancellationToken.None);
    }

    /// <summary>A job lease store whose acquisitions hang while stalled, as a store behind a broken network would.</summary>
    private sealed class StallingLeaseStore(IJobLeaseStore inner) : IJobLeaseStore
    {
        private TaskCompletionSource? _stall;
        private int _stalledCalls;

        /// <summary>How many acquisitions (renewals included) waited on a stall.</summary>
        public int StalledCalls => Volatile.Read(ref _stalledCalls);

        public void Stall() => Volatile.Write(ref _stall, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Resume() => Interlocked.Exchange(ref _stall, null)?.SetResult();

        public async ValueTask<bool> TryAcquireAsync(string jobId, DateTimeOffset occurrence, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref _stall) is { } stall)
            {
                Interlocked.Increment(ref _stalledCalls);
                await stall.Task.WaitAsync(cancellationToken);
            }

            return await inner.TryAcquireAsync(jobId, occurrence, owner, now, leaseUntil, cancellationToken);
        }

        public ValueTask CompleteAsync(JobRunRecord run, CancellationToken cancellationToken = default) => inner.CompleteAsync(run, cancellationToken);

        public ValueTask<JobRunRecord?> GetLastRunAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetLastRunAsync(jobId, cancellationToken);

        public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => inner.PurgeAsync(before, cancellationToken);
    }
}
