using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Benchmarks.Delivery;

/// <summary>
/// How close one process gets to Telegram's 30 messages per second at a given round trip, against the emulator's strict
/// limits (any 1-second window), with zero 429s: 690 messages to 690 private chats (the first 30 at once, then 22 s at
/// the limit). Printed after each run, from the emulator's record of accepted sends: the whole run's rate (the messages
/// after the first second's 30, divided by the time from the first to the last, which counts the spread of the last
/// window's sends against it) and the steady rate over whole windows (from the 31st to the 661st send), as shares of
/// 30/s, and the emulator's 429 count.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class ThroughputBenchmarks
{
    private const int Messages = 690;
    private TelegramEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private long[] _chats = [];

    /// <summary>The emulator's fixed latency before it checks the limits and answers (the round trip on loopback).</summary>
    [Params(20, 50, 100, 200, 300)]
    public int LatencyMs { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _emulator = TelegramEmulator.StartAsync(new TelegramEmulatorOptions { Latency = TimeSpan.FromMilliseconds(LatencyMs) }).GetAwaiter().GetResult();
        _services = DeliveryBenchmarks.BuildServices(_emulator, limits: true, sqliteFile: null);
        _chats = Enumerable.Range(0, Messages).Select(i => _emulator.CreateUser($"User{i}").ChatId).ToArray();
        DeliveryBenchmarks.SetupLinksAndMessagesAsync(_services, _chats, Messages).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "690 msgs / 690 chats at 30/s, strict emulator limits")]
    public async Task DeliverAtTheLimit()
    {
        await DeliveryBenchmarks.RunDispatcherUntilEmptyAsync(_services);
        var sent = _chats.SelectMany(c => _emulator.GetMessages(c)).Where(m => m.FromBot).Select(m => m.SentAt).Order().ToArray();
        var span = sent[^1] - sent[0];
        var whole = (sent.Length - 30) / span.TotalSeconds;

        // The steady rate over whole windows: a sender at exactly 30/s sends its (30k+1)-th message k seconds after its
        // first, so the rate from the 31st to the 661st send (21 windows; the first second's burst and the last window's
        // spread left out) is 30/s at best.
        var steady = (Messages - 60) / (sent[Messages - 30] - sent[30]).TotalSeconds;
        var limiter = _services.GetRequiredService<DeliveryRateLimiter>();
        Console.WriteLine(
            $"// throughput: {LatencyMs} ms: {sent.Length} sent, first to last {span.TotalSeconds:0.00} s = {whole / 30:P2} of 30/s; steady {steady:0.00} msg/s = {steady / 30:P2}; " +
            $"429: {_emulator.Counters.TooManyRequests}; fastest round trip {limiter.FastestRoundTrip.TotalMilliseconds:0.0} ms, margin {limiter.Margin.TotalMilliseconds:0.0} ms");
    }

    [IterationCleanup]
    public void Cleanup() => DeliveryBenchmarks.TearDown(_services, _emulator, directory: null);
}
