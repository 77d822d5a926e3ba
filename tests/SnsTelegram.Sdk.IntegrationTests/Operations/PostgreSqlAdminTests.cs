using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.IntegrationTests.Operations;

/// <summary>
/// The operator's endpoints on two app instances sharing one PostgreSQL schema (and one emulator): a pause made on one
/// holds for both, and a job run now on both at once runs once.
/// </summary>
public sealed class PostgreSqlAdminTests : IDisposable
{
    private static readonly string Operator = TelegramTestApp.OperatorJwt("ops@example.com");
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task A_pause_on_one_instance_stops_delivery_on_every_instance()
    {
        await using var first = await StartAsync(TelegramUpdateMode.Webhook);
        await using var second = await StartAsync(TelegramUpdateMode.None, first);
        var user = first.CreateUser();
        await first.LinkAsync("pg-pause", user);
        await first.NextMessageAsync(user.ChatId);

        (await second.AdminAsync(HttpMethod.Post, "delivery/pause?reason=incident", Operator)).Status.ShouldBe(HttpStatusCode.OK);
        AdvanceClocks(first, second); // each instance trusts the pause it read for a second of its clock
        var before = user.Messages.Count;
        await Notify(first, "queued on the first");
        await Notify(second, "queued on the second");
        await Task.Delay(TimeSpan.FromSeconds(2));

        user.Messages.Count.ShouldBe(before, "neither instance sends while delivery is paused");
        (await first.AdminAsync(HttpMethod.Get, "delivery", Operator)).Body.GetProperty("paused_by").GetString().ShouldBe("ops@example.com");

        (await first.AdminAsync(HttpMethod.Post, "delivery/resume", Operator)).Status.ShouldBe(HttpStatusCode.OK);
        AdvanceClocks(first, second);

        var delivered = new[] { await first.NextMessageAsync(user.ChatId), await first.NextMessageAsync(user.ChatId) };
        delivered.ShouldContain(m => m.Text.Contains("queued on the first", StringComparison.Ordinal));
        delivered.ShouldContain(m => m.Text.Contains("queued on the second", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_run_now_on_two_instances_at_once_runs_once()
    {
        var runs = new JobRuns();
        await using var first = await StartAsync(TelegramUpdateMode.Webhook, runs: runs);
        await using var second = await StartAsync(TelegramUpdateMode.None, first, runs);

        // both clocks on the same instant, well inside one minute: the manual occurrence is that minute
        var latest = first.Time.GetUtcNow() > second.Time.GetUtcNow() ? first.Time.GetUtcNow() : second.Time.GetUtcNow();
        var aligned = new DateTimeOffset(latest.UtcTicks - (latest.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1).AddSeconds(10);
        first.Time.SetUtcNow(aligned);
        second.Time.SetUtcNow(aligned);

        var answers = await Task.WhenAll(
            first.AdminAsync(HttpMethod.Post, $"jobs/{CountedJob.Id}/run", Operator),
            second.AdminAsync(HttpMethod.Post, $"jobs/{CountedJob.Id}/run", Operator));

        answers.Count(a => a.Status == HttpStatusCode.Accepted).ShouldBe(1);
        answers.Count(a => a.Status == HttpStatusCode.Conflict).ShouldBe(1);
        await Eventually.WaitUntilAsync(
            () => (long)_schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".job_runs WHERE job_id = '{CountedJob.Id}';")! == 1,
            "the run is recorded",
            TelegramTestApp.Wait);
        runs.Count.ShouldBe(1);
        (await first.AdminAsync(HttpMethod.Post, $"jobs/{CountedJob.Id}/run", Operator)).Status.ShouldBe(HttpStatusCode.Conflict, "this minute's run is done");
    }

    private static async Task Notify(TelegramTestApp app, string preview)
    {
        var result = await app.App.Services.GetRequiredService<ISnsTelegramNotifier>()
            .NotifyAsync(new PostPublished("pg-pause", SnsPlatform.Instagram, preview, "https://example.com/p/" + preview.Replace(' ', '-')));
        result.Status.ShouldBe(NotifyStatus.Queued);
    }

    private static void AdvanceClocks(TelegramTestApp first, TelegramTestApp second)
    {
        first.Time.Advance(TimeSpan.FromSeconds(2));
        second.Time.Advance(TimeSpan.FromSeconds(2));
    }

    private Task<TelegramTestApp> StartAsync(TelegramUpdateMode mode, TelegramTestApp? sharing = null, JobRuns? runs = null) => TelegramTestApp.StartAsync(
        mode,
        storage: b =>
        {
            b.UsePostgreSql(_schema.ConnectionString, _schema.Name);
            if (runs is not null)
            {
                b.Services.AddSingleton(runs);
                b.AddJob<CountedJob>(CountedJob.Id, JobSchedule.Cron("0 0 1 1 *"), MissedRunPolicy.Skip);
            }
        },
        endpoints: app => app.MapTelegramAdminEndpoints().RequireAuthorization(TelegramTestApp.AdminPolicy),
        emulator: sharing?.Emulator);

    /// <summary>Counts the runs of <see cref="CountedJob"/> across the instances of one test.</summary>
    private sealed class JobRuns
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>A host's own job that counts its runs.</summary>
    private sealed class CountedJob(JobRuns runs) : IScheduledJob
    {
        public const string Id = "counted_job";

        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            runs.Add();
            return Task.CompletedTask;
        }
    }
}
