using BenchmarkDotNet.Attributes;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.Benchmarks.Scheduling;

/// <summary>Aggregating 1,000,000 post records for 10,000 users into daily reports (target: at most 1 s on one core).</summary>
[MemoryDiagnoser]
public class DailyReportAggregationBenchmarks
{
    private const int Users = 10_000;
    private const int Records = 1_000_000;
    private static readonly DateTimeOffset Day = new(2026, 3, 8, 0, 0, 0, TimeSpan.Zero);
    private string[] _users = [];
    private PostActivity[] _activity = [];
    private readonly CpuMeter _cpu = new("aggregate 1M records for 10k users");

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        SnsPlatform[] platforms = [SnsPlatform.Instagram, SnsPlatform.Twitter, SnsPlatform.Facebook, SnsPlatform.TikTok, SnsPlatform.LinkedIn, SnsPlatform.YouTube, SnsPlatform.Threads];
        _users = Enumerable.Range(0, Users).Select(i => $"user-{i:D6}").ToArray();
        _activity = new PostActivity[Records];
        for (var i = 0; i < Records; i++)
        {
            _activity[i] = new PostActivity(
                _users[random.Next(Users)],
                platforms[random.Next(platforms.Length)],
                random.Next(10) == 0 ? PostOutcome.Failed : PostOutcome.Succeeded,
                Day.AddSeconds(random.Next(-3600, 90_000)), // a few records fall outside the day
                random.Next(1000),
                random.Next(100),
                random.Next(50),
                random.Next(10_000));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _cpu.Report();

    [Benchmark]
    public long Aggregate_1M_records_for_10k_users()
    {
        _cpu.Begin();
        var aggregator = new DailyReportAggregator(Users);
        foreach (var user in _users)
        {
            aggregator.Track(user, new DateOnly(2026, 3, 8), Day, Day.AddDays(1));
        }

        foreach (ref readonly var activity in _activity.AsSpan())
        {
            aggregator.Add(activity);
        }

        long posts = 0;
        foreach (var user in _users)
        {
            posts += aggregator.Build(user).TotalPosts;
        }

        _cpu.End();
        return posts;
    }
}
