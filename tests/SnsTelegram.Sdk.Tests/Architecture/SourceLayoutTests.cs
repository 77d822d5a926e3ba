using System.Text.RegularExpressions;

namespace SnsTelegram.Sdk.Tests.Architecture;

/// <summary>A newcomer finds a type from its name alone: one top-level type per file, and the file named after it.</summary>
public sealed partial class SourceLayoutTests
{
    [Fact]
    public void Every_source_file_of_the_packages_holds_one_top_level_type_named_like_the_file()
    {
        var src = Path.Combine(RepositoryRoot.Path, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(100);

        var wrong = new List<string>();
        foreach (var file in files)
        {
            var types = TopLevelType().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value).ToList();
            var expected = Path.GetFileName(file).Split('.')[0];   // TelegramEmulator.Api.cs holds a part of TelegramEmulator
            if (types.Count > 1 || (types.Count == 1 && types[0] != expected))
            {
                wrong.Add($"{Path.GetRelativePath(src, file)}: {string.Join(", ", types)}");
            }
        }

        wrong.ShouldBeEmpty();
    }

    [GeneratedRegex(@"^(?:public |internal |file )?(?:(?:static|sealed|abstract|readonly|partial|ref) )*(?:class|record struct|record class|record|struct|interface|enum) (?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
