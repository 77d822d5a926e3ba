using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Benchmarks.Scheduling;

/// <summary>
/// The daily report job, with the library's own notifier (link lookup, rendering, outbox), for 10,000 linked users in several zones, with an in-memory activity source of ten posts per user and day:
/// one run that enqueues every report (target: at most 10 s), and the steady-state run a minute later when everyone is
/// already handled.
/// </summary>
[MemoryDiagnoser]
public class DailySummaryJobBenchmarks
{
    private const int Users = 10_000;
    private static readonly string[] ZoneIds = ["UTC", "Asia/Seoul", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 9, 23, 59, 0, TimeSpan.Zero));
    private ServiceProvider _provider = null!;
    private string _directory = "";
    private string _template = "";
    private int _copies;

    /// <summary>Where links, outbox and leases live: the in-memory stores or one SQLite file.</summary>
    [Params("InMemory", "Sqlite")]
    public string Storage { get; set; } = "InMemory";
    private BenchActivitySource _activity = null!;
    private readonly CpuMeter _enqueueCpu = new("daily job, 10k users, all reports enqueued");
    private readonly CpuMeter _steadyCpu = new("daily job, 10k users, everyone already handled");

    [GlobalCleanup]
    public void Cleanup()
    {
        _enqueueCpu.Report();
        _steadyCpu.Report();
        SqliteConnection.ClearAllPools();
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _activity = new BenchActivitySource();
        var links = new List<ChatLink>(Users);
        for (var i = 0; i < Users; i++)
        {
            var zone = ZoneIds[i % ZoneIds.Length];
            var user = $"user-{i:D6}";
            links.Add(new ChatLink { UserId = user, ChatId = 100_000 + i, LinkedAt = _time.GetUtcNow().AddDays(-30), TimeZone = zone, DailyReportTime = new TimeOnly(0, 0), Language = i % 2 == 0 ? "ko" : "en" });
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            for (var p = 0; p < 20; p++)
            {
                // Ten posts on each of 8 and 9 March local time: whichever is the user's local yesterday has ten.
                var local = new DateTime(2026, 3, 8 + (p / 10), 1 + ((p % 10) * 2), 0, 0, DateTimeKind.Unspecified);
                _activity.Add(new PostActivity(user, p % 3 == 0 ? SnsPlatform.Instagram : SnsPlatform.Twitter, p % 10 == 9 ? PostOutcome.Failed : PostOutcome.Succeeded, new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz)), Likes: p * 10, Comments: p));
            }
        }

        _links = links;
        if (Storage == "Sqlite")
        {
            // Link the users once into a template file; every iteration starts from a copy of it.
            _directory = Path.Combine(Path.GetTempPath(), "snstelegram-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            _template = Path.Combine(_directory, "template.db");
            using (var seeded = Build($"Data Source={_template}", seed: true))
            {
            }

            SqliteConnection.ClearAllPools();
        }
    }

    private List<ChatLink> _links = [];

    [IterationSetup(Target = nameof(Enqueue_all_reports_for_10k_users))]
    public void FreshStores() => _provider = Fresh();

    [IterationCleanup(Target = nameof(Enqueue_all_reports_for_10k_users))]
    public void DisposeStores() => _provider.Dispose();

    [Benchmark]
    public async Task<int> Enqueue_all_reports_for_10k_users()
    {
        _enqueueCpu.Begin();
        await using var scope = _provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DailySummaryJob>().RunAsync(CancellationToken.None);
        _enqueueCpu.End();
        if (result.Queued != Users)
        {
            throw new InvalidOperationException($"Expected {Users} reports, queued {result.Queued}.");
        }

        return result.Queued;
    }

    [GlobalSetup(Target = nameof(Steady_state_run_when_everyone_is_handled))]
    public void SetupSteadyState()
    {
        Setup();
        _provider = Fresh();
        using var scope = _provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<DailySummaryJob>().RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> Steady_state_run_when_everyone_is_handled()
    {
        _steadyCpu.Begin();
        await using var scope = _provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DailySummaryJob>().RunAsync(CancellationToken.None);
        _steadyCpu.End();
        return result.AlreadySent;
    }

    private ServiceProvider Fresh()
    {
        if (Storage != "Sqlite")
        {
            return Build(null, seed: true);
        }

        var copy = Path.Combine(_directory, $"run-{++_copies}.db");
        File.Copy(_template, copy);
        return Build($"Data Source={copy}", seed: false);
    }

    private ServiceProvider Build(string? sqlite, bool seed)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(_activity);
        var builder = services.AddSnsTelegram(o =>
        {
            o.BotToken = "123456:TEST-fake-token-for-benchmarks-only";
            o.BotUsername = "sns_bench_bot";
            o.UpdateMode = TelegramUpdateMode.None;
        }).AddPostActivitySource<BenchActivitySourceProxy>();
        if (sqlite is not null)
        {
            builder.UseSqlite(sqlite);
        }

        var provider = services.BuildServiceProvider();
        if (seed)
        {
            var store = provider.GetRequiredService<IChatLinkStore>();
            foreach (var link in _links)
            {
                store.LinkAsync(link, exclusiveChat: true).AsTask().GetAwaiter().GetResult();
            }
        }

        return provider;
    }
}

/// <summary>Post activity held in memory, indexed by user.</summary>
internal sealed class BenchActivitySource
{
    private readonly Dictionary<string, List<PostActivity>> _byUser = new(StringComparer.Ordinal);

    public void Add(PostActivity activity)
    {
        if (!_byUser.TryGetValue(activity.UserId, out var list))
        {
            _byUser[activity.UserId] = list = [];
        }

        list.Add(activity);
    }

    public IEnumerable<PostActivity> Query(IReadOnlyCollection<string> userIds, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var user in userIds)
        {
            if (_byUser.TryGetValue(user, out var list))
            {
                foreach (var a in list)
                {
                    if (a.At >= from && a.At < to)
                    {
                        yield return a;
                    }
                }
            }
        }
    }
}

internal sealed class BenchActivitySourceProxy(BenchActivitySource inner) : IPostActivitySource
{
    public async IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var a in inner.Query(userIds, fromUtc, toUtc))
        {
            yield return a;
        }
    }
}
