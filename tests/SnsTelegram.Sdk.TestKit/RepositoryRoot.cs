using System.Diagnostics;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>The repository's root folder and the command-line tools the repository-level tests run.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding SnsTelegram.Sdk.sln, found from the test's output folder up (source paths are
    /// mapped in CI builds, so [CallerFilePath] cannot be used).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SnsTelegram.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    /// <summary>Runs a command to its end (at most 5 minutes) and returns its output; a non-zero exit code fails with the output.</summary>
    public static Task<string> RunAsync(string workingDirectory, string fileName, params string[] arguments) =>
        RunAsync(TimeSpan.FromMinutes(5), workingDirectory, fileName, arguments);

    /// <summary>Runs a command to its end (at most <paramref name="limit"/>) and returns its output; a non-zero exit code fails with the output.</summary>
    public static async Task<string> RunAsync(TimeSpan limit, string workingDirectory, string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran for more than {limit.TotalMinutes:0.#} minutes.");
        }

        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}");
        }

        return text;
    }
}
