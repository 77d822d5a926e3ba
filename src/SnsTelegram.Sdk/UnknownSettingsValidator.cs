using System.Diagnostics.CodeAnalysis;
using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk;

/// <summary>
/// Refuses keys under the bound configuration section that no option reads, so a mistyped setting
/// (<c>SnsTelegram:BotTokn</c>) stops the app at start with the closest valid name instead of being ignored.
/// The valid names come from <see cref="SnsTelegramOptions"/> itself, so a new setting is known without a list to keep.
/// Under trimming and NativeAOT the properties' names exist only for the types <see cref="Validate"/> names in its
/// <see cref="DynamicDependencyAttribute"/>s: a new option class is added there (a test fails until it is).
/// </summary>
internal sealed class UnknownSettingsValidator(IConfiguration section, string sectionPath) : IValidateOptions<SnsTelegramOptions>
{
    private const int MaxReported = 10;

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SnsTelegramOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(LimitsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(UserLimitOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DeliveryOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(PaidBroadcastOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(EventsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(EventWebhookOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SchedulerOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(JobOverrideOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DailySummaryOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DigestOptions))]
    public ValidateOptionsResult Validate(string? name, SnsTelegramOptions options)
    {
        var errors = new List<string>();
        Check(section, typeof(SnsTelegramOptions), sectionPath, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Take(MaxReported));
    }

    private static void Check(IConfiguration node, Type type, string path, List<string> errors)
    {
        if (IsLeaf(type))
        {
            foreach (var child in node.GetChildren())
            {
                errors.Add($"{path}:{child.Key} is not a setting: {path} is a single value and has no settings under it.");
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            // a dictionary or a list: any key is a name (or an index), and what is under it is the element's settings
            foreach (var child in node.GetChildren())
            {
                Check(child, element, $"{path}:{child.Key}", errors);
            }

            return;
        }

        var properties = Bindable(type);
        foreach (var child in node.GetChildren())
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                Check(child, property.PropertyType, $"{path}:{property.Name}", errors);
                continue;
            }

            var closest = Closest(child.Key, properties.Keys);
            errors.Add(closest is null
                ? $"{path}:{child.Key} is not a setting. Valid settings here: {string.Join(", ", properties.Values.Select(p => p.Name).Order(StringComparer.Ordinal))}."
                : $"{path}:{child.Key} is not a setting: did you mean {path}:{properties[closest].Name}?");
        }
    }

    // The binding generator's code keeps the properties' accessors but not their reflection metadata: under NativeAOT,
    // GetProperties would find none and every setting would be refused. Validate's [DynamicDependency] attributes keep
    // them for every option class (a test checks that they name every type reachable from SnsTelegramOptions).
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The types walked are SnsTelegramOptions and the option classes it nests; Validate's DynamicDependency attributes keep the public properties of each.")]
    private static Dictionary<string, PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true } && (p.SetMethod is { IsPublic: true } || !IsLeaf(p.PropertyType)))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(TimeOnly) || t == typeof(DateOnly)
            || t == typeof(Uri) || t == typeof(Guid);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The types walked are SnsTelegramOptions and the option types it nests; the configuration binding generator's code reads and writes every public property of each, so the trimmer keeps them, and their collections' interfaces come with the framework types they are.")]
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type) || type == typeof(string))
        {
            return null;
        }

        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    /// <summary>The valid name nearest to <paramref name="key"/> by edit distance, when it is near enough to be a typo.</summary>
    internal static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
