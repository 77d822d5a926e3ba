using System.Diagnostics;

namespace SnsTelegram.Sdk.Benchmarks.Scheduling;

/// <summary>
/// Process CPU time per benchmark invocation. The build machine is shared, so wall-clock means include time spent
/// waiting for a core; CPU time is what the code itself costs. Printed at cleanup as a line starting with "// CPU".
/// </summary>
internal sealed class CpuMeter(string name)
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly List<double> _samples = [];
    private TimeSpan _start;

    public void Begin()
    {
        _process.Refresh();
        _start = _process.TotalProcessorTime;
    }

    public void End()
    {
        _process.Refresh();
        _samples.Add((_process.TotalProcessorTime - _start).TotalMilliseconds);
    }

    public void Report()
    {
        if (_samples.Count == 0)
        {
            return;
        }

        var sorted = _samples.Order().ToArray();
        Console.WriteLine($"// CPU {name}: median {sorted[sorted.Length / 2]:0.0} ms, min {sorted[0]:0.0} ms, max {sorted[^1]:0.0} ms over {sorted.Length} invocations");
        _samples.Clear();
    }
}
