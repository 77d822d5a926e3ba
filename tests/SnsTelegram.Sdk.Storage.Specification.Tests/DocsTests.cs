using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

public sealed class DocsTests
{
    [Fact]
    public void The_example_in_docs_storage_md_is_the_compiled_StorageDocsExample_file()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SnsTelegram.Sdk.sln")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull();
        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "storage.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(Path.Combine(root.FullName, "tests", "SnsTelegram.Sdk.Storage.Specification.Tests", "StorageDocsExample.cs")).ReplaceLineEndings("\n");

        docs.ShouldContain("```csharp\n" + example + "```\n");
    }

    [Fact]
    public void The_example_store_replaces_the_default_through_the_builder()
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram().UseDictionaryProcessedUpdates();

        services.Count(d => d.ServiceType == typeof(IProcessedUpdateStore)).ShouldBe(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IProcessedUpdateStore>().ShouldBeOfType<DictionaryProcessedUpdateStore>();
    }
}
