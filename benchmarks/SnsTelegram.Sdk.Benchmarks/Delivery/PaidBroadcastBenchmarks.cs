using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Benchmarks.Delivery;

/// <summary>
/// Paid broadcast: 10,000 messages to 10,000 private chats at 1,000 messages per second (strict emulator limits, paid
/// limit 1,000/s), from the dispatcher's start to the last message accepted. Printed after each run: the time, the rate,
/// the 429 count, the Stars spent and the process CPU time per message.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2, invocationCount: 1)]
public class PaidBroadcastBenchmarks
{
    private const int Messages = 10_000;
    private TelegramEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private long[] _chats = [];

    [IterationSetup]
    public void Setup()
    {
        _emulator = TelegramEmulator.StartAsync(new TelegramEmulatorOptions()).GetAwaiter().GetResult();
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = _emulator.BotToken;
            o.BotUsername = _emulator.BotUsername;
            o.ApiBaseUrl = _emulator.BaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
            o.DefaultLanguage = "en";
            o.Delivery.MaxConcurrency = 64;
            o.Delivery.PaidBroadcast.Enabled = true;
            o.Delivery.PaidBroadcast.MessagesPerSecond = 1000;
            o.Delivery.PaidBroadcast.DailyStarsCap = 10_000;
        });
        _services = services.BuildServiceProvider();
        _chats = Enumerable.Range(0, Messages).Select(i => _emulator.CreateUser($"User{i}").ChatId).ToArray();
        DeliveryBenchmarks.SetupLinksAndMessagesAsync(_services, _chats, Messages).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "10,000 msgs / 10,000 chats, paid broadcast at 1,000/s")]
    public async Task PaidBroadcast()
    {
        var dispatcher = _services.GetRequiredService<OutboxDispatcher>();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var started = TimeProvider.System.GetTimestamp();
        await dispatcher.StartAsync(CancellationToken.None);
        while (_emulator.Counters.MessagesSent < Messages)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        await dispatcher.StopAsync(CancellationToken.None);
        var outbox = _services.GetRequiredService<IOutboxStore>();
        var pending = (await outbox.GetStatsAsync(DateTimeOffset.MaxValue.AddDays(-1))).Pending;
        Console.WriteLine(
            $"// paid broadcast: {Messages} messages in {elapsed.TotalSeconds:0.00} s = {Messages / elapsed.TotalSeconds:0} msg/s, 429: {_emulator.Counters.TooManyRequests}, " +
            $"Stars spent: {_emulator.Counters.StarsSpent}, paid by the limiter: {_services.GetRequiredService<DeliveryRateLimiter>().PaidToday}, pending after: {pending}, " +
            $"CPU {cpuMs / Messages:0.000} ms/message (emulator included)");
    }

    [IterationCleanup]
    public void Cleanup() => DeliveryBenchmarks.TearDown(_services, _emulator, directory: null);
}
