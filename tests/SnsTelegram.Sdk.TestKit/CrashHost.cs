using System.Diagnostics;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>Starts tests/SnsTelegram.Sdk.CrashHost as a separate process, to be killed for real.</summary>
public static class CrashHost
{
    /// <summary>Starts the crash host with <paramref name="args"/> (see its Program.cs), output redirected.</summary>
    public static Process Start(params string[] args)
    {
        // tests/<project>/bin/<configuration>/<tfm>/ -> tests/SnsTelegram.Sdk.CrashHost/bin/<configuration>/<tfm>/
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var testsDir = baseDir.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(testsDir, "SnsTelegram.Sdk.CrashHost", "bin", configuration, tfm, "SnsTelegram.Sdk.CrashHost.dll");
        File.Exists(dll).ShouldBeTrue($"the crash host is built at {dll}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // the host wraps its data keys with the key the test's own databases use, so both read each other's rows
        start.Environment["SNSTELEGRAM_STORAGE_KEY"] = TestChatIdProtection.Key;
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start).ShouldNotBeNull();
    }
}
