using System.Reflection;
using NetArchTest.Rules;

namespace SnsTelegram.Sdk.Tests.Architecture;

/// <summary>
/// The rooms of docs/architecture.md and which may use which. A type in a room that uses a room it may not fails here, with
/// the offending types named. The root namespace (the app's API and the composition) may use every room.
/// </summary>
public sealed class RoomDependencyTests
{
    private const string Root = "SnsTelegram.Sdk";

    /// <summary>Every room below the root, and the rooms it may use (the root is always allowed).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Linking"] = ["Storage", "Delivery", "Formatting", "Operations.Events"],
        ["Bot"] = ["Linking", "Storage", "Delivery", "Formatting", "Operations.Events"],
        ["Delivery"] = ["Storage", "Formatting", "Operations.Events"],
        ["Formatting"] = ["Storage"],
        ["Reporting"] = ["Storage"],
        ["Operations"] = ["Storage", "Delivery", "Reporting", "Operations.Events"],
        ["Operations.Events"] = ["Storage"],
        ["Storage"] = [],
        ["Storage.InMemory"] = ["Storage"],
    };

    private static readonly Assembly Core = typeof(ISnsTelegramNotifier).Assembly;

    public static TheoryData<string> Rooms() => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Rooms))]
    public void A_room_uses_only_the_rooms_it_may(string room)
    {
        var forbidden = Forbidden(room, Allowed[room]);
        var result = Types.InAssembly(Core)
            .That().ResideInNamespaceMatching("^" + Regex(Root + "." + room) + "$")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(
            $"{room} may use only {string.Join(", ", Allowed[room].DefaultIfEmpty("the root"))}; these types use another room: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Every_namespace_of_the_core_is_a_declared_room()
    {
        var namespaces = Core.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is not null && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal)
                && !t.Namespace.StartsWith("System.", StringComparison.Ordinal) && t.Namespace != "Microsoft.CodeAnalysis")
            .Select(t => t.Namespace!)
            .Distinct()
            .ToList();

        namespaces.ShouldAllBe(ns => ns == Root || Allowed.ContainsKey(ns.Substring(Root.Length + 1)),
            "a new folder is a new room: add it to docs/architecture.md and to RoomDependencyTests.Allowed");
    }

    /// <summary>
    /// The namespace prefixes of every room but <paramref name="room"/> and the ones it may use. A forbidden room that
    /// holds an allowed one (Operations holds Operations.Events) is named by its own types instead, since a dependency
    /// matches by prefix.
    /// </summary>
    private static string[] Forbidden(string room, string[] allowed) =>
        Allowed.Keys
            .Where(other => other != room && !allowed.Contains(other))
            .SelectMany(other => allowed.Concat([room]).Any(a => a.StartsWith(other + ".", StringComparison.Ordinal))
                ? Core.GetTypes().Where(t => !t.IsNested && t.Namespace == Root + "." + other).Select(t => t.FullName!)
                : [Root + "." + other])
            .ToArray();

    private static string Regex(string name) => System.Text.RegularExpressions.Regex.Escape(name);
}
