using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Scheduling;

/// <summary><see cref="JobSchedulerService.RunNowAsync"/>: a manual occurrence per minute, once across instances, apart from the scheduled ones.</summary>
public sealed class ManualJobRunTests
{
    private static readonly DateTimeOffset Start = Zones.Utc(2026, 3, 7, 23, 30);

    private static SchedulingHarness App(FakeTimeProvider time, Action<ISnsTelegramBuilder> build, SharedStores? stores = null) =>
        new(time, stores, o =>
        {
            o.DailySummary.Enabled = false;
            o.Jobs[BuiltInJobs.Housekeeping] = new JobOverrideOptions { Enabled = false };
        }, build);

    [Fact]
    public async Task A_manual_run_takes_its_minute_once_across_instances_beside_the_scheduled_run()
    {
        var time = new FakeTimeProvider(Start);
        var stores = new SharedStores();
        await using var a = App(time, b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))), stores);
        await using var b = App(time, b => b.AddJob<CountingJob>("tick", JobSchedule.Every(TimeSpan.FromMinutes(1))), stores);
        await a.StartAsync();
        await b.StartAsync();
        await Clock.AdvanceAsync(time, TimeSpan.FromSeconds(60), a, b);
        var scheduled = a.JobLog.Runs.Concat(b.JobLog.Runs).ShouldHaveSingleItem();
        scheduled.Occurrence.ShouldBe(Start.AddMinutes(1));
        time.Advance(TimeSpan.FromSeconds(20));

        var first = await a.Scheduler.RunNowAsync("tick", CancellationToken.None);
        var second = await b.Scheduler.RunNowAsync("tick", CancellationToken.None);
        await a.SettleAsync();

        first.Status.ShouldBe(ManualJobRunStatus.Started);
        first.Occurrence.ShouldBe(Start.AddMinutes(1).AddTicks(1), "the minute of the request plus one tick, apart from the scheduled 23:31");
        ManualOccurrences.IsManual(first.Occurrence!.Value).ShouldBeTrue();
        ManualOccurrences.IsManual(scheduled.Occurrence).ShouldBeFalse();
        second.Status.ShouldBe(ManualJobRunStatus.Taken);
        (await a.Scheduler.RunNowAsync("tick", CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.Taken, "done for this minute");
        a.JobLog.Runs.Select(r => r.Occurrence).ShouldContain(first.Occurrence.Value);
        (await stores.Leases.GetLastRunAsync("tick")).ShouldNotBeNull().Occurrence.ShouldBe(first.Occurrence.Value);

        await Clock.AdvanceAsync(time, TimeSpan.FromMinutes(1), a, b);
        (await b.Scheduler.RunNowAsync("tick", CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.Started, "a new minute, a new manual occurrence");
        await b.SettleAsync();
        await a.Scheduler.StopAsync(CancellationToken.None);
        await b.Scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_manual_run_is_refused_for_an_unknown_job_a_job_turned_off_and_a_job_running_here()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = App(time, b => b.AddJob<BlockingJob>("slow", JobSchedule.Cron("0 0 1 1 *"), MissedRunPolicy.Skip));
        await app.StartAsync();

        (await app.Scheduler.RunNowAsync("nope", CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.UnknownJob);
        (await app.Scheduler.RunNowAsync(BuiltInJobs.Housekeeping, CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.Disabled);
        (await app.Scheduler.RunNowAsync("slow", CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.Started);
        await Eventually.WaitUntilAsync(() => !app.JobLog.Runs.IsEmpty, "the run started");
        time.Advance(TimeSpan.FromMinutes(1));

        (await app.Scheduler.RunNowAsync("slow", CancellationToken.None)).Status.ShouldBe(ManualJobRunStatus.Running);

        app.JobLog.Release.SetResult();
        await app.SettleAsync();
        (await app.Scheduler.GetStatusAsync()).Single(s => s.Job.Id == "slow").LastRun.ShouldNotBeNull().Outcome.ShouldBe(JobOutcome.Succeeded);
        await app.Scheduler.StopAsync(CancellationToken.None);
    }
}
