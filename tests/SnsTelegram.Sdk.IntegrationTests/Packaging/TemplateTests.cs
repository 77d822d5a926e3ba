using System.Text.Json;
using System.Xml.Linq;

namespace SnsTelegram.Sdk.IntegrationTests.Packaging;

/// <summary><c>dotnet new snstelegram-web</c> from the packed templates: the app and its test build, and the test passes.</summary>
[Collection(PackedRelease.Collection)]
public sealed class TemplateTests(PackedRelease release) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("snstelegram-template-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a build server; the temp folder is cleaned by the system
        }
    }

    [Fact]
    public async Task The_web_template_makes_an_app_whose_own_test_passes_against_the_emulator()
    {
        // a template hive of this test's own, so the machine's installed templates are left alone
        var hive = Path.Combine(_work, "hive");
        await RepositoryRoot.RunAsync(_work, "dotnet", "new", "install", release.Templates, "--debug:custom-hive", hive);
        var app = Path.Combine(_work, "MyApp");
        await RepositoryRoot.RunAsync(_work, "dotnet", "new", "snstelegram-web", "-n", "MyApp", "-o", app,
            "--SdkVersion", release.Version, "--debug:custom-hive", hive);

        File.Exists(Path.Combine(app, "MyApp", "MyApp.csproj")).ShouldBeTrue();
        File.Exists(Path.Combine(app, "MyApp.Tests", "MyApp.Tests.csproj")).ShouldBeTrue();
        (await File.ReadAllTextAsync(Path.Combine(app, "MyApp", "MyApp.csproj"))).ShouldContain($"Version=\"{release.Version}\"");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{release.Output}" />
              </packageSources>
            </configuration>
            """);

        var output = await RepositoryRoot.RunAsync(app, "dotnet", "test", "MyApp.slnx", "-nologo");
        output.ShouldContain("Passed!");
        output.ShouldContain("Failed:     0, Passed:     1");
    }

    [Fact]
    public void The_template_references_the_version_being_released()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        var version = props.Descendants("VersionPrefix").Single().Value;
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path,
            "templates", "SnsTelegram.Templates", "content", "SnsTelegramWeb", ".template.config", "template.json")));
        template.RootElement.GetProperty("symbols").GetProperty("SdkVersion").GetProperty("defaultValue").GetString().ShouldBe(version);
    }
}
