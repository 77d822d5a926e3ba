// The cluster benchmark's orchestrator; run it through benchmarks/cluster/run.sh, which builds both programs and documents
// the environment variables (Settings). Starts a throwaway PostgreSQL server, then for each measurement a fresh schema, a
// fresh Telegram emulator in this process and the SnsTelegram.Sdk.ClusterHost processes; enqueues through the library's
// IOutboxStore and measures from the emulator's records (Stopwatch ticks, which are comparable across processes on Linux).
using System.Diagnostics;
using System.Globalization;
using SnsTelegram.Sdk;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: SnsTelegram.Sdk.ClusterBench <path of SnsTelegram.Sdk.ClusterHost.dll>   (see benchmarks/cluster/run.sh)");
    return 2;
}

var settings = new Settings { HostDll = args[0] };
Console.WriteLine("settings: " + settings);
using var postgres = PostgreSqlServer.Start();
Console.WriteLine($"PostgreSQL {postgres.Version} on port {postgres.Port}");
var summary = new Summary();
var scenarios = new Scenarios(settings, postgres.ConnectionString, summary);

if (settings.Scenarios.Contains(1))
{
    foreach (var instances in settings.Instances)
    {
        await scenarios.SteadyAsync(instances);
    }
}

if (settings.Scenarios.Contains(2))
{
    await scenarios.KillAsync();
}

if (settings.Scenarios.Contains(3))
{
    foreach (var latency in settings.ThroughputLatencies)
    {
        await scenarios.ThroughputAsync(latency);
    }
}

if (settings.Scenarios.Contains(4))
{
    await scenarios.UrgentBehindBulkAsync();
}

if (settings.Scenarios.Contains(5))
{
    await scenarios.WakeUpAsync();
}

if (settings.Scenarios.Contains(6))
{
    await scenarios.PaidBroadcastAsync();
}

if (settings.Scenarios.Contains(7))
{
    await scenarios.UnlimitedCpuAsync();
}

summary.Print();
return 0;

/// <summary>The measurements, each on its own schema and emulator.</summary>
internal sealed class Scenarios(Settings settings, string connectionString, Summary summary)
{
    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Deliveries per second: the least-squares slope of the delivery number over its time.</summary>
    private static double Slope(long[] ticks)
    {
        if (ticks.Length < 2)
        {
            return double.NaN;
        }

        var x = ticks.Select(t => Seconds(t - ticks[0])).ToArray();
        var meanX = x.Average();
        var meanY = (ticks.Length - 1) / 2.0;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - meanX) * (i - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }

        return sxy / sxx;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Warms the sender up, then measures its CPU while idle; returns a description.</summary>
    private async Task<string> WarmUpAndIdleAsync(ClusterRun run, HostProcess sender, int first)
    {
        var cpuStart = sender.CpuSeconds();
        await run.WarmUpAsync(first, settings.WarmupMessages, settings.EnqueueParallelism);
        var cpuWarm = sender.CpuSeconds();
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds));
        var cpuIdle = sender.CpuSeconds() - cpuWarm;
        return $"warm-up of {settings.WarmupMessages} messages before: {(cpuWarm - cpuStart) * 1000 / Math.Max(1, settings.WarmupMessages):0.00} ms/msg; idle {cpuIdle / settings.IdleSeconds * 100:0.0} % of a core over {settings.IdleSeconds} s";
    }

    /// <summary>1 (and 7 at 30/s with one instance): N instances, one message to each chat, strict limits.</summary>
    public async Task SteadyAsync(int instances)
    {
        var n = settings.Messages;
        var name = $"{instances} instance{(instances == 1 ? "" : "s")}";
        Console.WriteLine($"== 1. {name}: {n} messages to {n} chats, {settings.LatencyMs} ms latency, strict limits");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, $"s1_n{instances}", n + settings.WarmupMessages, TimeSpan.FromMilliseconds(settings.LatencyMs), limits: true);
        await run.StartHostsAsync(instances);
        var sender = run.Sender!;
        var idle = await WarmUpAndIdleAsync(run, sender, n);
        var cpuBefore = sender.CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueAsync("m", 0, n, DeliveryLane.Normal, settings.EnqueueParallelism);
        var enqueued = Stopwatch.GetTimestamp();
        var timeout = TimeSpan.FromSeconds((n / 30.0 * 1.5) + 60);

        // the steady part: from the 10th to the 90th percent of the deliveries (no enqueue, no start, no end)
        await run.Deliveries.WaitForAsync(n / 10, timeout);
        var cpu10 = sender.CpuSeconds();
        var stats10 = await sender.StatsAsync();
        await run.Deliveries.WaitForAsync(n * 9 / 10, timeout);
        var steadyMessages = Math.Max(1, (n * 9 / 10) - (n / 10));
        var steady = (sender.CpuSeconds() - cpu10) * 1000 / steadyMessages;

        // counts that do not swing with the machine's load as the CPU time does
        var stats90 = await sender.StatsAsync();
        var done = await run.Deliveries.WaitForAsync(n, timeout);
        var cpu = sender.CpuSeconds() - cpuBefore;
        await Task.Delay(1000); // late duplicates
        var last = run.Deliveries.Snapshot().Max(d => d.Ticks);
        var wall = Seconds(last - start);
        var lost = n - run.Deliveries.Distinct;
        var goal = n / 30.0 * 1.015;
        Console.WriteLine($"   enqueue {Seconds(enqueued - start):0.0} s; wall {wall:0.0} s (first enqueue -> last delivery){(done ? "" : " TIMED OUT")}; 429s {run.TooManyRequests}; " +
            $"lost {lost}; duplicates {run.Deliveries.Duplicates}; chats out of order {run.Deliveries.ChatsOutOfOrder()}; senders {run.Hosts.Count(h => h.Sending)}; sender CPU {cpu:0.00} s = {cpu * 1000 / n:0.000} ms/msg, steady part {steady:0.000} ms/msg ({idle}); host problems: {run.ProblemSummary()}");
        summary.Add($"1. {name}", $"wall, {n} msgs", $"{wall:0.0} s", $"<= {goal:0.0} s", wall <= goal);
        summary.Add($"1. {name}", "429s / lost / dup", $"{run.TooManyRequests} / {lost} / {run.Deliveries.Duplicates}", "0 / 0 / 0", run.TooManyRequests == 0 && lost == 0 && run.Deliveries.Duplicates == 0);
        Console.WriteLine($"   steady part, per message: {stats90.PerMessageSince(stats10, steadyMessages)}");
        if (instances == 1)
        {
            summary.Add("7. CPU at 30/s", "sender CPU per msg (steady part)", $"{cpu * 1000 / n:0.000} ms ({steady:0.000} ms)", "<= 0.5 ms", cpu * 1000 / n <= 0.5);
        }
    }

    /// <summary>2: three instances; the sender is killed (SIGKILL) when half the messages are delivered.</summary>
    public async Task KillAsync()
    {
        var n = settings.Messages;
        Console.WriteLine($"== 2. 3 instances, sender killed at half way: {n} messages to {n} chats, {settings.LatencyMs} ms latency, strict limits");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, "s2_kill", n, TimeSpan.FromMilliseconds(settings.LatencyMs), limits: true);
        await run.StartHostsAsync(3);
        var victim = run.Sender!;
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueAsync("m", 0, n, DeliveryLane.Normal, settings.EnqueueParallelism);
        await run.Deliveries.WaitForAsync(n / 2, TimeSpan.FromSeconds((n / 30.0) + 60));
        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        var atKill = run.Deliveries.Distinct;
        var done = await run.Deliveries.WaitForAsync(n, TimeSpan.FromSeconds((n / 30.0 * 1.5) + 90));
        await Task.Delay(1000);
        var deliveries = run.Deliveries.Snapshot();
        var last = deliveries.Max(d => d.Ticks);

        // requests already past the emulator's latency when the process died are still recorded within a few ms
        var straggler = Stopwatch.Frequency / 50;
        var stragglers = deliveries.Count(d => d.Ticks > killedAt && d.Ticks <= killedAt + straggler);
        var next = deliveries.Where(d => d.Ticks > killedAt + straggler).Select(d => d.Ticks).DefaultIfEmpty(0).Min();
        var gap = next == 0 ? double.NaN : Ms(next - killedAt);
        var successor = run.Hosts.FirstOrDefault(h => h != victim && h.Sending);
        var takeover = successor is null ? double.NaN : Ms(successor.SendingSince - killedAt);
        var wall = Seconds(last - start);
        var lost = n - run.Deliveries.Distinct;
        var goal = (n / 30.0) + 7;
        Console.WriteLine($"   killed {victim.Name} after {atKill} messages; successor said it sends after {takeover:0} ms; next delivery {gap:0} ms after the kill ({stragglers} in-flight deliveries recorded within 20 ms of it)");
        Console.WriteLine($"   wall {wall:0.0} s{(done ? "" : " TIMED OUT")}; 429s {run.TooManyRequests}; lost {lost}; duplicates {run.Deliveries.Duplicates}; chats out of order {run.Deliveries.ChatsOutOfOrder()}; host problems: {run.ProblemSummary()}");
        summary.Add("2. 3 inst., kill -9", $"wall, {n} msgs", $"{wall:0.0} s", $"<= {goal:0.0} s", wall <= goal);
        summary.Add("2. 3 inst., kill -9", "lost / dup / 429s", $"{lost} / {run.Deliveries.Duplicates} / {run.TooManyRequests}", "0 lost", lost == 0);
        summary.Add("2. 3 inst., kill -9", "kill -> next delivery", $"{gap:0} ms", "report", null);
    }

    /// <summary>3: one instance's rate at one latency, strict limits.</summary>
    public async Task ThroughputAsync(int latencyMs)
    {
        var n = settings.ThroughputMessages;
        Console.WriteLine($"== 3. throughput at {latencyMs} ms latency: {n} messages to {n} chats, 1 instance, strict limits");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, $"s3_l{latencyMs}", n + settings.WarmupMessages, TimeSpan.FromMilliseconds(latencyMs), limits: true);
        await run.StartHostsAsync(1);
        await run.WarmUpAsync(n, settings.WarmupMessages, settings.EnqueueParallelism);
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueAsync("m", 0, n, DeliveryLane.Normal, settings.EnqueueParallelism);
        var done = await run.Deliveries.WaitForAsync(n, TimeSpan.FromSeconds((n / 30.0 * 1.5) + 60));
        var deliveries = run.Deliveries.Snapshot();
        var first = deliveries.Min(d => d.Ticks);
        var last = deliveries.Max(d => d.Ticks);
        // the steady rate: the least-squares slope of delivered count over time, from 1 s after the first delivery (a
        // limiter may start with a burst, and deliveries come in bunches, so a count over an interval is off by a bunch)
        var rate = Slope(deliveries.Select(d => d.Ticks).Where(t => t > first + Stopwatch.Frequency).Order().ToArray());
        var overall = deliveries.Length / Seconds(last - start);
        Console.WriteLine($"   steady {rate:0.00} msg/s ({rate / 30 * 100:0.0} % of 30/s: slope of deliveries over time after the first second), {Seconds(last - first):0.0} s of sending; {overall:0.00} msg/s from first enqueue to last delivery{(done ? "" : " TIMED OUT")}; " +
            $"429s {run.TooManyRequests}; duplicates {run.Deliveries.Duplicates}; host problems: {run.ProblemSummary()}");
        summary.Add($"3. {latencyMs} ms latency", "steady msg/s (% of 30/s), 429s", $"{rate:0.00} ({rate / 30 * 100:0.0} %), {run.TooManyRequests}", ">= 98.5 %, 0", rate / 30 >= 0.985 && run.TooManyRequests == 0);
    }

    /// <summary>4: urgent messages enqueued one by one while a bulk backlog drains, strict limits.</summary>
    public async Task UrgentBehindBulkAsync()
    {
        var bulk = settings.BulkMessages;
        var urgent = settings.UrgentMessages;
        Console.WriteLine($"== 4. urgent behind bulk: {bulk} bulk messages, then {urgent} urgent ones every {settings.UrgentIntervalMs} ms, 1 instance, {settings.LatencyMs} ms latency, strict limits");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, "s4_urgent", bulk + urgent, TimeSpan.FromMilliseconds(settings.LatencyMs), limits: true);
        await run.StartHostsAsync(1);
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueAsync("bulk", 0, bulk, DeliveryLane.Bulk, settings.EnqueueParallelism);
        Console.WriteLine($"   enqueued {bulk} bulk messages in {Seconds(Stopwatch.GetTimestamp() - start):0.0} s ({bulk / Seconds(Stopwatch.GetTimestamp() - start):0} /s); {run.Deliveries.Distinct} delivered meanwhile");
        var enqueuedAt = new long[urgent];
        for (var i = 0; i < urgent; i++)
        {
            enqueuedAt[i] = Stopwatch.GetTimestamp();
            await run.Outbox.EnqueueAsync(ClusterRun.Message(ClusterRun.Key("urgent", bulk + i), run.Chats[bulk + i], DeliveryLane.Urgent));
            await Task.Delay(settings.UrgentIntervalMs);
        }

        var end = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        var latencies = new double[urgent];
        for (var i = 0; i < urgent; i++)
        {
            long? at;
            while ((at = run.Deliveries.TicksOf(ClusterRun.Key("urgent", bulk + i))) is null && Stopwatch.GetTimestamp() < end)
            {
                await Task.Delay(20);
            }

            latencies[i] = at is { } t ? Ms(t - enqueuedAt[i]) : double.PositiveInfinity;
        }

        var deliveries = run.Deliveries.Snapshot();
        var bulkDelivered = deliveries.Count(d => d.Key.StartsWith("bulk-", StringComparison.Ordinal));
        Array.Sort(latencies);
        var p50 = Percentile(latencies, 50);
        var p99 = Percentile(latencies, 99);
        Console.WriteLine($"   urgent enqueue -> delivered: p50 {p50:0} ms, p99 {p99:0} ms, max {latencies[^1]:0} ms; {bulkDelivered} bulk delivered by then ({bulk - bulkDelivered} still queued); " +
            $"429s {run.TooManyRequests}; host problems: {run.ProblemSummary()}");
        summary.Add("4. urgent behind bulk", $"p50 / p99, {bulk} bulk", $"{p50:0} / {p99:0} ms", "p99 <= 2000 ms", p99 <= 2000);
    }

    /// <summary>5: enqueue on the instance that does not send; only NOTIFY can wake the sender (long poll interval).</summary>
    public async Task WakeUpAsync()
    {
        var samples = settings.WakeSamples;
        Console.WriteLine($"== 5. wake-up: 2 instances, {samples} messages enqueued one at a time on the standby instance, poll interval {settings.WakePollInterval}, no latency, limits off");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, "s5_wake", samples + 3, TimeSpan.Zero, limits: false);
        await run.StartHostsAsync(2, "--SnsTelegram:Delivery:PollInterval=" + settings.WakePollInterval);
        var standby = run.Hosts.Single(h => !h.Sending);
        await Task.Delay(1000);
        // the first three samples warm both processes up (JIT) and are not counted
        const int Warm = 3;
        var latencies = new double[samples];
        for (var i = 0; i < samples + Warm; i++)
        {
            var key = ClusterRun.Key("wake", i);
            var enqueued = await standby.EnqueueAsync(key, run.Chats[i], "normal");
            await run.Deliveries.WaitForAsync(i + 1, TimeSpan.FromSeconds(30));
            if (i >= Warm)
            {
                latencies[i - Warm] = run.Deliveries.TicksOf(key) is { } t ? Ms(t - enqueued) : double.PositiveInfinity;
            }

            await Task.Delay(100);
        }

        Array.Sort(latencies);
        var p50 = Percentile(latencies, 50);
        Console.WriteLine($"   enqueue on {standby.Name} (standby) -> delivered: p50 {p50:0.0} ms, p90 {Percentile(latencies, 90):0.0} ms, max {latencies[^1]:0.0} ms; host problems: {run.ProblemSummary()}");
        summary.Add("5. wake-up via NOTIFY", "p50 (p90)", $"{p50:0.0} ({Percentile(latencies, 90):0.0}) ms", "p50 <= 50 ms", p50 <= 50);
    }

    /// <summary>6: paid broadcast, when this build has the option.</summary>
    public async Task PaidBroadcastAsync()
    {
        var n = settings.PaidMessages;
        Console.WriteLine($"== 6. paid broadcast: {n} messages to {n} chats at {settings.PaidRate}/s, {settings.PaidLatencyMs} ms latency, MaxConcurrency {settings.PaidConcurrency}, " +
            $"enqueued by EnqueueManyAsync in lists of {settings.PaidEnqueueChunk}, strict limits");
        var emulatorLimits = new Dictionary<string, string?> { ["PaidBroadcastMessagesPerSecond"] = settings.PaidRate.ToString(CultureInfo.InvariantCulture) };
        await using var run = await ClusterRun.StartAsync(settings, connectionString, "s6_paid", n + settings.PaidWarmupMessages, TimeSpan.FromMilliseconds(settings.PaidLatencyMs), limits: true, emulatorLimits);
        try
        {
            await run.StartHostsAsync(
                1,
                [
                    "--SnsTelegram:Delivery:PaidBroadcast:Enabled=true",
                    "--SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond=" + settings.PaidRate,

                    // 0.1 Star a message above the free rate: 10,000 messages cost under 1,000 Stars
                    "--SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap=" + Math.Max(1, n / 5),
                    "--SnsTelegram:Delivery:MaxConcurrency=" + settings.PaidConcurrency,
                    .. settings.PaidArguments,
                ]);
        }
        catch (InvalidOperationException) when (run.Hosts[0].UnknownOption is { } unknown)
        {
            Console.WriteLine("   paid broadcast: option not available in this build (" + unknown + ")");
            summary.Add("6. paid broadcast", "wall", "n/a", "option not available in this build", null);
            return;
        }

        var lane = settings.PaidLane switch { "urgent" => DeliveryLane.Urgent, "bulk" => DeliveryLane.Bulk, _ => DeliveryLane.Normal };

        // as in runs 1, 3 and 7: the measured part is not the host's first sends (JIT, its connections to the emulator)
        await run.WarmUpAsync(n, settings.PaidWarmupMessages, settings.EnqueueParallelism);
        var (paidBefore, starsBefore) = (run.Emulator.Counters.PaidBroadcastMessages, run.Emulator.Counters.StarsSpent);
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueInChunksAsync("paid", 0, n, lane, settings.PaidEnqueueChunk);
        var enqueued = Stopwatch.GetTimestamp();
        var done = await run.Deliveries.WaitForAsync(n, TimeSpan.FromSeconds((n / 30.0) + 60));
        var last = run.Deliveries.Snapshot().Select(d => d.Ticks).DefaultIfEmpty(start).Max();
        var wall = Seconds(last - start);
        var lost = n - run.Deliveries.Distinct;
        var goal = ((double)n / settings.PaidRate) + 0.5;
        var cpu = run.Hosts[0].CpuSeconds();
        var perSecond = run.Deliveries.Snapshot().GroupBy(d => (int)Seconds(d.Ticks - start)).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Count()}");
        Console.WriteLine($"   deliveries by second after the first enqueue: {string.Join(' ', perSecond)}; sending host CPU {cpu:0.0} s (user + system, since its start)");
        Console.WriteLine($"   enqueue {Seconds(enqueued - start):0.0} s; wall {wall:0.0} s{(done ? "" : " TIMED OUT")}; 429s {run.TooManyRequests}; lost {lost}; duplicates {run.Deliveries.Duplicates}; " +
            $"paid messages {run.Emulator.Counters.PaidBroadcastMessages - paidBefore}, Stars {run.Emulator.Counters.StarsSpent - starsBefore}; host problems: {run.ProblemSummary()}");
        summary.Add("6. paid broadcast", $"wall, {n} msgs", $"{wall:0.0} s", $"<= {goal:0.0} s", wall <= goal && lost == 0);
    }

    /// <summary>7: CPU per message of one instance with every limit off.</summary>
    public async Task UnlimitedCpuAsync()
    {
        var n = settings.UnlimitedMessages;
        Console.WriteLine($"== 7. CPU at the unlimited rate: {n} messages to {n} chats, 1 instance, {settings.UnlimitedLatencyMs} ms latency, limits off");
        await using var run = await ClusterRun.StartAsync(settings, connectionString, "s7_unlimited", n + settings.WarmupMessages, TimeSpan.FromMilliseconds(settings.UnlimitedLatencyMs), limits: false);
        await run.StartHostsAsync(1);
        var sender = run.Sender!;
        var idle = await WarmUpAndIdleAsync(run, sender, n);
        var cpuBefore = sender.CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        await run.EnqueueAsync("m", 0, n, DeliveryLane.Normal, settings.EnqueueParallelism);
        var enqueued = Stopwatch.GetTimestamp();
        var done = await run.Deliveries.WaitForAsync(n, TimeSpan.FromSeconds(300));
        var cpu = sender.CpuSeconds() - cpuBefore;
        var last = run.Deliveries.Snapshot().Max(d => d.Ticks);
        var rate = run.Deliveries.Distinct / Seconds(last - start);
        Console.WriteLine($"   enqueue {Seconds(enqueued - start):0.0} s; {rate:0} msg/s from first enqueue to last delivery{(done ? "" : " TIMED OUT")}; sender CPU {cpu:0.00} s = {cpu * 1000 / n:0.000} ms/msg ({idle}); " +
            $"duplicates {run.Deliveries.Duplicates}; host problems: {run.ProblemSummary()}");
        summary.Add("7. CPU, limits off", $"sender CPU per msg ({rate:0} msg/s)", $"{cpu * 1000 / n:0.000} ms", "<= 0.5 ms", cpu * 1000 / n <= 0.5);
    }
}

/// <summary>The table printed at the end.</summary>
internal sealed class Summary
{
    private readonly List<(string Scenario, string Measure, string Result, string Goal, bool? Met)> _rows = [];

    public void Add(string scenario, string measure, string result, string goal, bool? met)
    {
        _rows.Add((scenario, measure, result, goal, met));
        Console.WriteLine($"   -> {measure}: {result} (goal {goal}){(met is null ? "" : met.Value ? " met" : " MISSED")}");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("== Summary");
        Console.WriteLine("| Scenario | Measure | Result | Goal | Met |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            Console.WriteLine($"| {row.Scenario} | {row.Measure} | {row.Result} | {row.Goal} | {(row.Met is null ? "-" : row.Met.Value ? "yes" : "NO")} |");
        }
    }
}
