using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

/// <summary>A running SnsTelegram.Sdk.ClusterHost: its lines (READY, EVENT, LOG, ENQUEUED), its commands, its CPU time.</summary>
internal sealed class HostProcess : IDisposable
{
    private static readonly double TicksPerSecond = double.TryParse(Environment.GetEnvironmentVariable("CLK_TCK"), CultureInfo.InvariantCulture, out var t) ? t : 100;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _enqueued = new();
    private readonly Lock _stdin = new();
    private TaskCompletionSource<HostStats>? _stats;
    private long _sendingSince;

    public HostProcess(string name, string dll, IEnumerable<string> arguments)
    {
        Name = name;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, e) => OnLine(e.Data);
        Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Problems.Enqueue("stderr: " + line);
            }
        };
        Process.EnableRaisingEvents = true;
        Process.Exited += (_, _) => _ready.TrySetResult(false);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Process Process { get; }

    /// <summary>Warnings, errors and standard error of the host.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The UNKNOWN-OPTION answer, when the host refused its configuration.</summary>
    public string? UnknownOption { get; private set; }

    /// <summary>Whether the host said it sends for the store (event 6100 or 2000).</summary>
    public bool Sending => Volatile.Read(ref _sendingSince) != 0;

    /// <summary>When (Stopwatch ticks) it said so.</summary>
    public long SendingSince => Volatile.Read(ref _sendingSince);

    /// <summary>True once READY, false when the host exited before.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>User + system CPU seconds of the process so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Enqueues a message in the host's own process; returns the Stopwatch ticks just before its enqueue.</summary>
    public Task<long> EnqueueAsync(string key, long chatId, string lane)
    {
        var answer = _enqueued.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_stdin)
        {
            Process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"enqueue {key} {chatId} {lane}"));
            Process.StandardInput.Flush();
        }

        return answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The host's thread-pool work items done and bytes allocated so far (its answer to <c>stats</c>).</summary>
    public Task<HostStats> StatsAsync()
    {
        var answer = new TaskCompletionSource<HostStats>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdin)
        {
            if (Interlocked.CompareExchange(ref _stats, answer, null) is not null)
            {
                throw new InvalidOperationException("one stats question at a time");
            }

            Process.StandardInput.WriteLine("stats");
            Process.StandardInput.Flush();
        }

        return answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Kill() => Process.Kill();

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.StandardInput.Close();
                if (!Process.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit();
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }

        Process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == "READY")
        {
            _ready.TrySetResult(true);
        }
        else if (line.StartsWith("EVENT 6100 ", StringComparison.Ordinal) || line.StartsWith("EVENT 2000 ", StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _sendingSince, Stopwatch.GetTimestamp(), 0);
        }
        else if (line.StartsWith("ENQUEUED ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            _enqueued.GetOrAdd(parts[1], _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult(long.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith("STATS ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            Interlocked.Exchange(ref _stats, null)?.TrySetResult(new HostStats(
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                int.Parse(parts[3], CultureInfo.InvariantCulture),
                double.Parse(parts[4], CultureInfo.InvariantCulture),
                int.Parse(parts[5], CultureInfo.InvariantCulture)));
        }
        else if (line.StartsWith("UNKNOWN-OPTION ", StringComparison.Ordinal))
        {
            UnknownOption = line["UNKNOWN-OPTION ".Length..];
        }
        else if (line.StartsWith("LOG ", StringComparison.Ordinal))
        {
            Problems.Enqueue(line);
        }
    }
}

/// <summary>What a host answers to <c>stats</c>: counters of its whole life so far.</summary>
internal sealed record HostStats(long WorkItems, long AllocatedBytes, int Gen0Collections, double GcPauseMs, int PoolThreads)
{
    /// <summary>The work items, kilobytes allocated, gen-0 collections and GC pause per message between two answers.</summary>
    public string PerMessageSince(HostStats before, int messages) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(double)(WorkItems - before.WorkItems) / messages:0.00} thread-pool work items, {(AllocatedBytes - before.AllocatedBytes) / 1024.0 / messages:0.0} KB allocated, " +
        $"{(double)(Gen0Collections - before.Gen0Collections) / messages * 1000:0.0} gen-0 GCs per 1,000 and {(GcPauseMs - before.GcPauseMs) / messages * 1000:0.0} µs of GC pause a message, {PoolThreads} pool threads");
}
