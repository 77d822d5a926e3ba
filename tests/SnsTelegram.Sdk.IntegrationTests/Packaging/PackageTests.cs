using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SnsTelegram.Sdk.IntegrationTests.Packaging;

/// <summary>
/// Packs every package the way a release does (a checkout of the GitHub repository, a CI build) and reads what a
/// consumer gets: the package's metadata, its README, the icon, the symbol package and the source link in the PDB.
/// </summary>
[Collection(PackedRelease.Collection)]
public sealed partial class PackageTests(PackedRelease release)
{
    private const string RepositoryUrl = PackedRelease.RepositoryUrl;
    private static readonly string[] Packages = PackedRelease.Packages;
    private readonly string _commit = release.Commit;
    private string Output => release.Output;

    private string PackagePath(string id, string extension) =>
        Directory.GetFiles(Output, $"{id}.*.{extension}").Single(f => Regex.IsMatch(Path.GetFileName(f), $@"^{Regex.Escape(id)}\.\d"));

    [Fact]
    public void Every_package_names_its_repository_licence_icon_and_readme()
    {
        foreach (var id in Packages)
        {
            using var package = ZipFile.OpenRead(PackagePath(id, "nupkg"));
            var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;

            metadata.Element(ns + "projectUrl")!.Value.ShouldBe(RepositoryUrl, id);
            var repository = metadata.Element(ns + "repository")!;
            repository.Attribute("type")!.Value.ShouldBe("git", id);
            repository.Attribute("url")!.Value.ShouldBe(RepositoryUrl, id);
            repository.Attribute("commit")!.Value.ShouldBe(_commit, id);
            metadata.Element(ns + "license")!.Value.ShouldBe("MIT", id);
            metadata.Element(ns + "tags")!.Value.ShouldContain("telegram", Case.Sensitive, id);
            metadata.Element(ns + "description")!.Value.Length.ShouldBeGreaterThan(40, id);

            var icon = metadata.Element(ns + "icon")!.Value;
            var iconBytes = Read(package, icon);
            iconBytes[..8].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, id);

            var readme = Encoding.UTF8.GetString(Read(package, metadata.Element(ns + "readme")!.Value));
            readme.ShouldStartWith("# " + id, Case.Sensitive, id);
            foreach (Match link in MarkdownLink().Matches(readme))
            {
                link.Groups["target"].Value.ShouldStartWith(RepositoryUrl + "/", Case.Sensitive,
                    $"{id}'s README links to '{link.Groups["target"].Value}', which a package page cannot open");
            }

            readme.ShouldNotContain("in the repository", Case.Sensitive, id);
            package.Entries.ShouldContain(e => e.FullName == "LICENSE", id);
        }
    }

    [Fact]
    public void Every_package_has_a_symbol_package_whose_pdb_points_at_the_commit_on_GitHub()
    {
        foreach (var id in Packages)
        {
            using var symbols = ZipFile.OpenRead(PackagePath(id, "snupkg"));
            var pdb = symbols.Entries.Single(e => e.FullName == $"lib/net10.0/{id}.pdb");
            using var stream = pdb.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var text = Encoding.UTF8.GetString(buffer.ToArray());

            // the source link maps the deterministic /_/ paths to the sources of this very commit
            text.ShouldContain($"snstelegram/SnsTelegram.Sdk/{_commit}/", Case.Sensitive, id);
            text.ShouldContain("\"/_/", Case.Sensitive, id);
        }
    }

    private static byte[] Read(ZipArchive package, string name)
    {
        using var stream = package.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}

/// <summary>The packages packed once for <see cref="PackageTests"/> and <see cref="NewAppTests"/>.</summary>
public sealed class PackedRelease : IAsyncLifetime
{
    public const string Collection = "packed release";
    public const string RepositoryUrl = "https://github.com/snstelegram/SnsTelegram.Sdk";

    public static readonly string[] Packages =
    [
        "SnsTelegram.Sdk",
        "SnsTelegram.Sdk.Sqlite",
        "SnsTelegram.Sdk.PostgreSql",
        "SnsTelegram.Sdk.Testing",
        "SnsTelegram.Sdk.Storage.Specification",
        "SnsTelegram.Sdk.OpenTelemetry",
    ];

    private readonly string _work = Directory.CreateTempSubdirectory("snstelegram-pack-").FullName;

    public string Commit { get; private set; } = "";

    public string Output => Path.Combine(_work, "packages");

    /// <summary>The packed dotnet new templates.</summary>
    public string Templates => Directory.GetFiles(Output, "SnsTelegram.Templates.*.nupkg").Single();

    /// <summary>A version of this run's own, so the machine's package cache never serves an older build.</summary>
    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public async Task InitializeAsync()
    {
        // a copy of the sources in a repository of its own whose remote is the GitHub repository
        var checkout = Path.Combine(_work, "checkout");
        Directory.CreateDirectory(checkout);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "LICENSE", "global.json" })
        {
            var source = Path.Combine(RepositoryRoot.Path, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(checkout, file));
            }
        }

        CopyTree(Path.Combine(RepositoryRoot.Path, "src"), Path.Combine(checkout, "src"));
        CopyTree(Path.Combine(RepositoryRoot.Path, "eng"), Path.Combine(checkout, "eng"));
        CopyTree(Path.Combine(RepositoryRoot.Path, "templates"), Path.Combine(checkout, "templates"));
        await RepositoryRoot.RunAsync(checkout, "git", "init", "-q", "-b", "main");
        await RepositoryRoot.RunAsync(checkout, "git", "remote", "add", "origin", RepositoryUrl + ".git");
        await RepositoryRoot.RunAsync(checkout, "git", "add", "-A");
        await RepositoryRoot.RunAsync(checkout, "git", "-c", "user.name=release", "-c", "user.email=release@localhost", "commit", "-q", "-m", "release");
        Commit = (await RepositoryRoot.RunAsync(checkout, "git", "rev-parse", "HEAD")).Trim();
        foreach (var package in Packages.Select(p => Path.Combine("src", p)).Append(Path.Combine("templates", "SnsTelegram.Templates")))
        {
            await RepositoryRoot.RunAsync(checkout, "dotnet", "pack", package, "-c", "Release", "-o", Output,
                "-p:ContinuousIntegrationBuild=true", $"-p:Version={Version}", "-nologo", "-v", "q");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        // what a restore of these packages put in the machine's package cache
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Packages)
        {
            var folder = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(PackedRelease.Collection)]
public sealed class PackedReleaseCollection : ICollectionFixture<PackedRelease>;
