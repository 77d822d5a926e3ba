using System.Runtime.InteropServices;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// The worker sample published once with NativeAOT (as docs/deployment.md section 8 says) into a folder of its own, for
/// every test that runs the native binary. The compile takes a few minutes on two cores; it links with clang (or gcc),
/// which .ci/run installs when the machine has neither.
/// </summary>
public sealed class NativeWorker : IAsyncLifetime
{
    public const string Collection = "Native worker";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("snstelegram-aot-");

    /// <summary>The publish folder: the binary and its appsettings.json (the content root it runs from).</summary>
    public string Folder => _folder.FullName;

    /// <summary>The native worker.</summary>
    public string Executable => Path.Combine(Folder, "SnsTelegram.Sample.Worker");

    /// <summary>What <c>dotnet publish</c> printed, warnings included.</summary>
    public string PublishOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var runtime = $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        PublishOutput = await RepositoryRoot.RunAsync(TimeSpan.FromMinutes(15), RepositoryRoot.Path, "dotnet", "publish",
            Path.Combine("samples", "SnsTelegram.Sample.Worker"), "-c", "Release", "-r", runtime, "-p:PublishAot=true",
            "-o", Folder, "-nologo");
    }

    public Task DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

// run alone, after the parallel tests: the compile takes both cores for minutes and would starve their hosts
[CollectionDefinition(NativeWorker.Collection, DisableParallelization = true)]
public sealed class NativeWorkerCollection : ICollectionFixture<NativeWorker>;
