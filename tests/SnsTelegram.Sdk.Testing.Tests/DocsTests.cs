namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class DocsTests
{
    [Fact]
    public void The_example_in_docs_testing_md_is_the_compiled_DocsExample_file()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SnsTelegram.Sdk.sln")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull();
        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "testing.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(Path.Combine(root.FullName, "tests", "SnsTelegram.Sdk.Testing.Tests", "DocsExample.cs")).ReplaceLineEndings("\n");

        docs.ShouldContain("```csharp\n" + example + "```\n");
    }
}
