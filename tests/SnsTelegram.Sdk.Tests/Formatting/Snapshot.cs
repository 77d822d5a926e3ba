using System.Runtime.CompilerServices;
using System.Text;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>
/// Approval testing with checked-in files: <c>{Class}.{Method}_{case}.approved.txt</c> next to the test source.
/// A missing or different snapshot fails the test and writes <c>*.received.txt</c> beside it (git ignores those).
/// A developer accepts new output with <c>SNSTELEGRAM_ACCEPT_SNAPSHOTS=1</c>; under CI (<c>CI=true</c>) approved files are never written.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "SNSTELEGRAM_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string caseName, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        var directory = SourceDirectory(sourceFile);
        var baseName = $"{Path.GetFileNameWithoutExtension(sourceFile.Replace('\\', '/').Split('/')[^1])}.{method}_{Sanitize(caseName)}";
        Verify(actual, directory, baseName, accept: IsAcceptRequested(), ci: IsCi());
    }

    /// <summary>Compares <paramref name="actual"/> with <c>{baseName}.approved.txt</c> in <paramref name="directory"/>.</summary>
    public static void Verify(string actual, string directory, string baseName, bool accept, bool ci)
    {
        var approvedPath = Path.Combine(directory, baseName + ".approved.txt");
        var receivedPath = Path.Combine(directory, baseName + ".received.txt");
        var normalized = Normalize(actual);
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath, Encoding.UTF8)) : null;
        if (approved == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept && !ci)
        {
            File.WriteAllText(approvedPath, normalized, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var reason = approved is null ? "no approved snapshot exists" : "the output differs from the approved snapshot";
        throw new Xunit.Sdk.XunitException(
            $"Snapshot {baseName}: {reason}. Compare {receivedPath} with {approvedPath}; if the new output is right, rerun with {AcceptVariable}=1 (outside CI) and review the diff.");
    }

    /// <summary>The folder of the test sources, also when the compiler mapped source paths to <c>/_/</c> (deterministic CI builds).</summary>
    public static string SourceDirectory([CallerFilePath] string sourceFile = "")
    {
        var directory = Path.GetDirectoryName(sourceFile)!;
        if (Directory.Exists(directory))
        {
            return directory;
        }

        var relative = sourceFile.Replace('\\', '/');
        if (relative.StartsWith("/_/", StringComparison.Ordinal))
        {
            relative = relative[3..];
        }

        for (var root = new DirectoryInfo(AppContext.BaseDirectory); root is not null; root = root.Parent)
        {
            if (File.Exists(Path.Combine(root.FullName, "SnsTelegram.Sdk.sln")))
            {
                return Path.GetDirectoryName(Path.Combine(root.FullName, relative))!;
            }
        }

        throw new DirectoryNotFoundException($"Cannot find the test sources of {sourceFile}.");
    }

    private static bool IsAcceptRequested() =>
        Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    private static bool IsCi() =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return lf.EndsWith('\n') ? lf : lf + "\n";
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }
}
