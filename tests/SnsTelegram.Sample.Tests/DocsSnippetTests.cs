using System.Text.RegularExpressions;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// Code in the docs is taken from code that builds: a fenced block preceded by
/// <c>&lt;!-- snippet: path/to/File.cs#name --&gt;</c> must equal the lines between <c>// &lt;name&gt;</c> and
/// <c>// &lt;/name&gt;</c> in that file (indentation aside).
/// </summary>
public sealed partial class DocsSnippetTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md")).Where(File.Exists))
        {
            data.Add(Path.GetRelativePath(Root, file));
        }

        return data;
    }

    [Fact]
    public void Getting_started_takes_its_usage_example_from_the_web_sample()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "getting-started.md"));
        Snippets(text).Select(s => s.Source).ShouldContain("samples/SnsTelegram.Sample.Web/Program.cs#usage");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_marked_snippet_matches_its_source(string document)
    {
        var text = File.ReadAllText(Path.Combine(Root, document));
        foreach (var (source, code) in Snippets(text))
        {
            var hash = source.LastIndexOf('#');
            var path = Path.Combine(Root, source[..hash]);
            File.Exists(path).ShouldBeTrue($"{document} quotes {source}, which does not exist");
            var region = Region(File.ReadAllLines(path), source[(hash + 1)..]);
            region.ShouldNotBeNull($"{source[..hash]} has no region '{source[(hash + 1)..]}' quoted by {document}");
            Normalize(code).ShouldBe(Normalize(region), $"{document}: the snippet from {source} differs from the code");
        }
    }

    private static IEnumerable<(string Source, string Code)> Snippets(string markdown) =>
        SnippetRegex().Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(m => (m.Groups["src"].Value.Trim(), m.Groups["code"].Value));

    private static string? Region(string[] lines, string name)
    {
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </{name}>");
        return start < 0 || end <= start ? null : string.Join('\n', lines[(start + 1)..end]);
    }

    private static string Normalize(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    [GeneratedRegex(@"<!--\s*snippet:\s*(?<src>[^>]+?)\s*-->\s*\n```[a-z]*\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex SnippetRegex();
}
