using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Tests.DependencyInjection;

public sealed class UnknownSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["SnsTelegram:BotToken"] = OptionsValidationTests.ValidToken,
        ["SnsTelegram:BotUsername"] = "sns_test_bot",
        ["SnsTelegram:WebhookSecret"] = "secret_123",
    };

    /// <summary>Binds <paramref name="extra"/> on top of a valid section and resolves the options as a start does.</summary>
    private static IReadOnlyList<string> Failures(params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSnsTelegram(configuration.GetSection("SnsTelegram"));
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    [Fact]
    public void A_mistyped_top_level_key_names_the_closest_setting() =>
        Failures(("SnsTelegram:BotTokn", "x")).ShouldContain("SnsTelegram:BotTokn is not a setting: did you mean SnsTelegram:BotToken?");

    [Fact]
    public void A_mistyped_nested_key_names_its_full_path()
    {
        Failures(("SnsTelegram:Delivery:MaxAtempts", "3"))
            .ShouldContain("SnsTelegram:Delivery:MaxAtempts is not a setting: did you mean SnsTelegram:Delivery:MaxAttempts?");
        Failures(("SnsTelegram:Limits:TestMesage:PermitLimit", "3"))
            .ShouldContain("SnsTelegram:Limits:TestMesage is not a setting: did you mean SnsTelegram:Limits:TestMessage?");
    }

    [Fact]
    public void A_key_far_from_every_setting_lists_the_valid_ones()
    {
        var failure = Failures(("SnsTelegram:Delivery:Zzzzzzzzzzzz", "1")).ShouldHaveSingleItem();
        failure.ShouldStartWith("SnsTelegram:Delivery:Zzzzzzzzzzzz is not a setting. Valid settings here: ");
        failure.ShouldContain("MaxAttempts");
    }

    [Fact]
    public void Keys_are_matched_without_regard_to_case_as_configuration_binds_them() =>
        Failures(("SnsTelegram:delivery:maxattempts", "3"), ("SNSTELEGRAM:LINKTOKENISSUELIMIT", "5")).ShouldBeEmpty();

    [Fact]
    public void Dictionary_entries_take_any_name_but_their_own_settings_are_checked()
    {
        Failures(("SnsTelegram:Jobs:my_custom_job:Enabled", "false")).ShouldBeEmpty();
        Failures(("SnsTelegram:Jobs:my_custom_job:Enabeld", "false"))
            .ShouldContain("SnsTelegram:Jobs:my_custom_job:Enabeld is not a setting: did you mean SnsTelegram:Jobs:my_custom_job:Enabled?");
    }

    [Fact]
    public void A_value_setting_with_keys_under_it_is_refused() =>
        Failures(("SnsTelegram:BotUsername:Name", "x"))
            .ShouldContain("SnsTelegram:BotUsername:Name is not a setting: SnsTelegram:BotUsername is a single value and has no settings under it.");

    [Fact]
    public void Every_documented_setting_is_known()
    {
        // every key the configuration guide shows must pass; a rename that the docs missed fails here
        var documented = DocumentedKeys().ToList();
        documented.Count.ShouldBeGreaterThan(20);
        // the key check alone: the values would not all bind as "x"
        var section = new ConfigurationBuilder().AddInMemoryCollection(documented.Select(k => KeyValuePair.Create(k, (string?)"x"))).Build().GetSection("SnsTelegram");
        var result = new UnknownSettingsValidator(section, section.Path).Validate(null, new SnsTelegramOptions());
        result.Failures.ShouldBeNull(string.Join("\n", result.Failures ?? []));
    }

    [Fact]
    public void Every_option_type_keeps_its_settings_names_for_reflection_under_NativeAOT()
    {
        // the validator reads the names with GetProperties; a trimmed or NativeAOT app keeps them only for the types its
        // DynamicDependency attributes name (without it every setting is refused at start: NativeWorkerTests shows it)
        var types = OptionTypes(typeof(SnsTelegramOptions), []).ToList();
        types.Count.ShouldBeGreaterThan(5);
        var kept = typeof(UnknownSettingsValidator).GetMethod(nameof(UnknownSettingsValidator.Validate))!
            .GetCustomAttributes<DynamicDependencyAttribute>()
            .Where(d => d.MemberTypes.HasFlag(DynamicallyAccessedMemberTypes.PublicProperties))
            .Select(d => d.Type).ToHashSet();
        types.Where(t => !kept.Contains(t)).Select(t => t.Name)
            .ShouldBeEmpty("name these option classes in a [DynamicDependency(PublicProperties, typeof(...))] on UnknownSettingsValidator.Validate");
    }

    /// <summary><paramref name="type"/> and every type of the library its settings nest (through properties, lists and dictionaries).</summary>
    private static IEnumerable<Type> OptionTypes(Type type, HashSet<Type> seen)
    {
        if (type.Assembly != typeof(SnsTelegramOptions).Assembly || !type.IsClass || !seen.Add(type))
        {
            yield break;
        }

        yield return type;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var nested = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments().Append(property.PropertyType) : [property.PropertyType];
            foreach (var candidate in nested.Select(t => t.IsArray ? t.GetElementType()! : t).SelectMany(t => OptionTypes(t, seen)))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>The settings docs/configuration.md lists: each table row's key under the heading's <c>SnsTelegram:...:*</c> prefix.</summary>
    private static IEnumerable<string> DocumentedKeys()
    {
        string? prefix = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "configuration.md")))
        {
            if (line.StartsWith('#'))
            {
                var heading = System.Text.RegularExpressions.Regex.Match(line, @"`(SnsTelegram(?::[^`*]+?)?):\*`");
                prefix = heading.Success ? heading.Groups[1].Value.Replace("<job id>", "my_job", StringComparison.Ordinal) : null;
                continue;
            }

            var row = System.Text.RegularExpressions.Regex.Match(line, @"^\| `([A-Za-z:]+)` \|");
            if (prefix is not null && row.Success)
            {
                // a row may repeat the heading's last name (`Limits:TestMessage:Window` under `SnsTelegram:Limits:*`)
                var key = row.Groups[1].Value;
                var last = prefix[(prefix.LastIndexOf(':') + 1)..];
                yield return key.StartsWith(last + ":", StringComparison.Ordinal) ? $"{prefix[..prefix.LastIndexOf(':')]}:{key}" : $"{prefix}:{key}";
            }
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SnsTelegram.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
