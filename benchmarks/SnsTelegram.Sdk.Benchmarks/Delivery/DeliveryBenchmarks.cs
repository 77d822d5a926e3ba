using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Benchmarks.Delivery;

/// <summary>
/// Whole delivery jobs against the emulator, one long invocation each (Monitoring strategy): the Mean is the time of
/// the whole job; messages per second and 429 counts are printed to the log after each run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3, invocationCount: 1)]
public class DeliveryBenchmarks
{
    private TelegramEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private string? _dir;
    private long[] _chats = [];

    /// <summary>600 messages to 600 private chats, Telegram-like limits in the emulator and the dispatcher, 50 ms per call.</summary>
    [IterationSetup(Target = nameof(Deliver600ToPrivateChatsWithTelegramLimits))]
    public void SetupLimited() => Setup(TimeSpan.FromMilliseconds(50), limits: true, sqlite: false, chats: 600, enqueue: 600);

    [Benchmark(Description = "600 msgs / 600 chats, 30/s limit, 50 ms latency")]
    public async Task Deliver600ToPrivateChatsWithTelegramLimits()
    {
        var started = TimeProvider.System.GetTimestamp();
        await RunDispatcherUntilEmptyAsync();
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Console.WriteLine($"// delivery: 600 messages in {elapsed.TotalSeconds:0.00} s, emulator 429 answers: {_emulator.Counters.TooManyRequests}, sent: {_emulator.Counters.MessagesSent}");
    }

    /// <summary>NotifyAsync → SQLite outbox → dispatcher → emulator, limits off, no latency.</summary>
    [IterationSetup(Target = nameof(EndToEndSqliteLimitsOff))]
    public void SetupEndToEnd() => Setup(TimeSpan.Zero, limits: false, sqlite: true, chats: 500, enqueue: 0);

    [Benchmark(Description = "5,000 msgs NotifyAsync -> emulator, SQLite, limits off")]
    public async Task EndToEndSqliteLimitsOff()
    {
        const int count = 5000;
        var notifier = _services.GetRequiredService<ISnsTelegramNotifier>();
        var transactions = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SnsTelegramDiagnostics.Name && instrument.Name == "snstelegram.storage.transactions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref transactions, value));
        listener.Start();
        var started = TimeProvider.System.GetTimestamp();
        var dispatcher = _services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(caller => Task.Run(async () =>
        {
            for (var n = caller; n < count; n += 4)
            {
                await notifier.NotifyAsync(new TestMessage($"u{n % _chats.Length}") { IdempotencyKey = $"e{n}" });
            }
        })));
        while (_emulator.Counters.MessagesSent < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        await dispatcher.StopAsync(CancellationToken.None);
        Console.WriteLine($"// delivery: {count} messages end to end in {elapsed.TotalSeconds:0.00} s = {count / elapsed.TotalSeconds:0} msg/s, {Interlocked.Read(ref transactions)} write transactions");
    }

    [IterationCleanup]
    public void Cleanup() => TearDown(_services, _emulator, _dir);

    /// <summary>Stops an iteration's app and emulator and deletes its SQLite directory, if any.</summary>
    internal static void TearDown(ServiceProvider services, TelegramEmulator emulator, string? directory)
    {
        services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private Task RunDispatcherUntilEmptyAsync() => RunDispatcherUntilEmptyAsync(_services);

    /// <summary>Starts the dispatcher, waits until the outbox has nothing pending, and stops it.</summary>
    internal static async Task RunDispatcherUntilEmptyAsync(IServiceProvider services)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        await dispatcher.StartAsync(CancellationToken.None);
        while ((await outbox.GetStatsAsync(DateTimeOffset.MaxValue.AddDays(-1))).Pending > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        await dispatcher.StopAsync(CancellationToken.None);
    }

    internal static ServiceProvider BuildServices(TelegramEmulator emulator, bool limits, string? sqliteFile)
    {
        var services = new ServiceCollection();
        var builder = services.AddSnsTelegram(o =>
        {
            o.BotToken = emulator.BotToken;
            o.BotUsername = emulator.BotUsername;
            o.ApiBaseUrl = emulator.BaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
            o.DefaultLanguage = "en";
            if (!limits)
            {
                o.Delivery.GlobalMessagesPerSecond = 0;
                o.Delivery.PrivateChatMessagesPerSecond = 0;
                o.Delivery.GroupMessagesPerMinute = 0;
            }
        });
        if (sqliteFile is not null)
        {
            builder.UseSqlite($"Data Source={sqliteFile}");
        }

        return services.BuildServiceProvider();
    }

    private void Setup(TimeSpan latency, bool limits, bool sqlite, int chats, int enqueue)
    {
        _emulator = TelegramEmulator.StartAsync(new TelegramEmulatorOptions
        {
            Latency = latency,
            RateLimits = limits ? new TelegramEmulatorRateLimits() : TelegramEmulatorRateLimits.Disabled,
        }).GetAwaiter().GetResult();
        _dir = sqlite ? Directory.CreateTempSubdirectory("snstelegram-bench-").FullName : null;
        _services = BuildServices(_emulator, limits, _dir is null ? null : Path.Combine(_dir, "outbox.db"));
        _chats = Enumerable.Range(0, chats).Select(i => _emulator.CreateUser($"User{i}").ChatId).ToArray();
        SetupLinksAndMessagesAsync(_services, _chats, enqueue).GetAwaiter().GetResult();
    }

    internal static async Task SetupLinksAndMessagesAsync(IServiceProvider services, long[] chats, int enqueue)
    {
        var links = services.GetRequiredService<IChatLinkStore>();
        for (var i = 0; i < chats.Length; i++)
        {
            await links.LinkAsync(new ChatLink { UserId = $"u{i}", ChatId = chats[i], LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: false);
        }

        var notifier = services.GetRequiredService<ISnsTelegramNotifier>();
        for (var n = 0; n < enqueue; n++)
        {
            await notifier.NotifyAsync(new TestMessage($"u{n % chats.Length}") { IdempotencyKey = $"m{n}" });
        }
    }
}

/// <summary>How fast <c>NotifyAsync</c> puts messages in the outbox (no dispatcher running), one caller or several.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class NotifyBenchmarks
{
    private const int Count = 20_000;
    private TelegramEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private string? _dir;
    private int _round;

    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [Params(1, 8)]
    public int Callers { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _emulator = TelegramEmulator.StartAsync().GetAwaiter().GetResult();
        _dir = Store == "sqlite" ? Directory.CreateTempSubdirectory("snstelegram-bench-").FullName : null;
        _services = DeliveryBenchmarks.BuildServices(_emulator, limits: true, _dir is null ? null : Path.Combine(_dir, "outbox.db"));
        DeliveryBenchmarks.SetupLinksAndMessagesAsync(_services, Enumerable.Range(1, 1000).Select(i => (long)i).ToArray(), 0).GetAwaiter().GetResult();
        _round++;
    }

    [Benchmark(Description = "20,000 x NotifyAsync")]
    public async Task Notify()
    {
        var notifier = _services.GetRequiredService<ISnsTelegramNotifier>();
        var started = TimeProvider.System.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var n = caller; n < Count; n += Callers)
            {
                await notifier.NotifyAsync(new TestMessage($"u{n % 1000}") { IdempotencyKey = $"r{_round}-{n}" });
            }
        })));
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Console.WriteLine($"// notify: {Store}, {Callers} caller(s): {Count / elapsed.TotalSeconds:0} NotifyAsync/s");
    }

    [IterationCleanup]
    public void Cleanup() => DeliveryBenchmarks.TearDown(_services, _emulator, _dir);
}
