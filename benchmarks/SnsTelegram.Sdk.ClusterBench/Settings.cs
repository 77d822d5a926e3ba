using System.Globalization;

/// <summary>The benchmark's parameters: environment variables, with smaller defaults when QUICK=1.</summary>
internal sealed class Settings
{
    public required string HostDll { get; init; }

    public bool Quick { get; } = Environment.GetEnvironmentVariable("QUICK") == "1";

    public IReadOnlySet<int> Scenarios { get; } = Ints("SCENARIOS", "1,2,3,4,5,6,7").ToHashSet();

    /// <summary>Extra arguments for every host, such as --SnsTelegram:Delivery:MaxConcurrency=32.</summary>
    public string[] HostArguments { get; } = (Environment.GetEnvironmentVariable("HOST_ARGS") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public int EnqueueParallelism => Int("ENQUEUE_PARALLELISM", 16);

    /// <summary>Messages sent (to other chats) before a measured run of 1, 3 and 7, so that the host is warm (JIT, connections).</summary>
    public int WarmupMessages => Int("WARMUP_MESSAGES", Quick ? 150 : 300);

    /// <summary>Seconds the warm host stays idle before a measured run of 1 and 7 (its idle CPU is reported).</summary>
    public int IdleSeconds => Int("IDLE_SECONDS", Quick ? 2 : 5);

    // 1, 2 (and 7 at 30/s): instances, messages (one per chat) and the emulator's latency
    public int[] Instances => Ints("INSTANCES", "1,2,3");

    public int Messages => Int("MESSAGES", Quick ? 300 : 3000);

    public int LatencyMs => Int("LATENCY_MS", 50);

    // 3: throughput per latency
    public int[] ThroughputLatencies => Ints("THROUGHPUT_LATENCIES", "20,50,100,200,300");

    public int ThroughputMessages => Int("THROUGHPUT_MESSAGES", Quick ? 120 : 900);

    // 4: urgent behind bulk
    public int BulkMessages => Int("BULK_MESSAGES", Quick ? 2000 : 100_000);

    public int UrgentMessages => Int("URGENT_MESSAGES", Quick ? 10 : 60);

    public int UrgentIntervalMs => Int("URGENT_INTERVAL_MS", Quick ? 300 : 1000);

    // 5: wake-up
    public int WakeSamples => Int("WAKE_SAMPLES", Quick ? 10 : 50);

    public string WakePollInterval => Environment.GetEnvironmentVariable("WAKE_POLL_INTERVAL") ?? "00:00:10";

    // 6: paid broadcast
    public int PaidMessages => Int("PAID_MESSAGES", Quick ? 1000 : 10_000);

    public int PaidRate => Int("PAID_RATE", 1000);

    public int PaidConcurrency => Int("PAID_CONCURRENCY", 128);

    public int PaidLatencyMs => Int("PAID_LATENCY_MS", 50);

    /// <summary>The length of each list scenario 6 gives to <c>IOutboxStore.EnqueueManyAsync</c>.</summary>
    public int PaidEnqueueChunk => Int("PAID_ENQUEUE_CHUNK", 500);

    /// <summary>Scenario 6's warm-up: sent at the paid rate and forgotten before the measured part (0: none).</summary>
    public int PaidWarmupMessages => Int("PAID_WARMUP_MESSAGES", Quick ? 100 : 500);

    public string PaidLane => Environment.GetEnvironmentVariable("PAID_LANE") ?? "normal";

    public string[] PaidArguments { get; } = (Environment.GetEnvironmentVariable("PAID_ARGS") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // 7: CPU at the unlimited rate
    public int UnlimitedMessages => Int("UNLIMITED_MESSAGES", Quick ? 1000 : 10_000);

    public int UnlimitedLatencyMs => Int("UNLIMITED_LATENCY_MS", 0);

    public override string ToString() =>
        $"QUICK={(Quick ? 1 : 0)} SCENARIOS={string.Join(',', Scenarios.Order())} INSTANCES={string.Join(',', Instances)} MESSAGES={Messages} LATENCY_MS={LatencyMs} " +
        $"THROUGHPUT_LATENCIES={string.Join(',', ThroughputLatencies)} THROUGHPUT_MESSAGES={ThroughputMessages} BULK_MESSAGES={BulkMessages} URGENT_MESSAGES={UrgentMessages} " +
        $"URGENT_INTERVAL_MS={UrgentIntervalMs} WAKE_SAMPLES={WakeSamples} WAKE_POLL_INTERVAL={WakePollInterval} PAID_MESSAGES={PaidMessages} PAID_RATE={PaidRate} " +
        $"PAID_CONCURRENCY={PaidConcurrency} PAID_LATENCY_MS={PaidLatencyMs} PAID_ENQUEUE_CHUNK={PaidEnqueueChunk} PAID_WARMUP_MESSAGES={PaidWarmupMessages} PAID_LANE={PaidLane} UNLIMITED_MESSAGES={UnlimitedMessages} UNLIMITED_LATENCY_MS={UnlimitedLatencyMs} " +
        $"WARMUP_MESSAGES={WarmupMessages} IDLE_SECONDS={IdleSeconds} ENQUEUE_PARALLELISM={EnqueueParallelism} HOST_ARGS='{string.Join(' ', HostArguments)}'";

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static int[] Ints(string name, string fallback) =>
        (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
}
