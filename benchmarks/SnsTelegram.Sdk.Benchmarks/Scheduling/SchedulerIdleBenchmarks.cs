using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.Benchmarks.Scheduling;

/// <summary>
/// The scheduler's cost while idle with 1,000 registered jobs on the real clock: the process's CPU time over 10 s in
/// which no job is due, printed as a share of one core (target: at most 1%). The benchmark's own time is the 10 s wait.
/// </summary>
[Config(typeof(IdleConfig))]
public class SchedulerIdleBenchmarks
{
    /// <summary>Three measured 10 s windows after one warm-up window, in this process (no generated project to build).</summary>
    private sealed class IdleConfig : ManualConfig
    {
        public IdleConfig() => AddJob(Job.Dry
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Idle"));
    }

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private ServiceProvider _provider = null!;
    private JobSchedulerService _scheduler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        var builder = services.AddSnsTelegram(o =>
        {
            o.BotToken = "123456:TEST-fake-token-for-benchmarks-only";
            o.BotUsername = "sns_bench_bot";
            o.UpdateMode = TelegramUpdateMode.None;
        });
        var zones = new[] { "UTC", "Asia/Seoul", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe" };
        for (var i = 0; i < 1000; i++)
        {
            // Daily cron jobs in several zones and hourly intervals, none due in the next minutes.
            var schedule = i % 2 == 0
                ? JobSchedule.Cron($"{i % 60} {i % 24} * * *", TimeZoneInfo.FindSystemTimeZoneById(zones[i % zones.Length]))
                : JobSchedule.Every(TimeSpan.FromHours(24 + (i % 48)));
            builder.AddJob<IdleJob>($"job-{i:D4}", schedule);
        }

        _provider = services.BuildServiceProvider();
        _scheduler = _provider.GetRequiredService<JobSchedulerService>();
        _scheduler.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scheduler.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _provider.Dispose();
    }

    [Benchmark]
    public double Idle_cpu_share_with_1000_jobs()
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Thread.Sleep(Window);
        process.Refresh();
        var cpu = process.TotalProcessorTime - before;
        var share = cpu.TotalMilliseconds / clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"// Scheduler idle with 1,000 jobs: {cpu.TotalMilliseconds:0.0} ms CPU in {clock.Elapsed.TotalSeconds:0.0} s = {share:P3} of one core");
        return share;
    }
}

internal sealed class IdleJob : IScheduledJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
