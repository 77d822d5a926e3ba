using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace SnsTelegram.Sdk.IntegrationTests.Architecture;

/// <summary>
/// A storage provider is written as a third party would write one: from the root namespace and the public Storage room
/// only, with no InternalsVisibleTo from the core (docs/architecture.md, docs/storage.md).
/// </summary>
public sealed class ProviderDependencyTests
{
    private static readonly Assembly Core = typeof(ISnsTelegramNotifier).Assembly;

    /// <summary>The rooms a provider never uses; Storage and the root are its whole world.</summary>
    private static readonly string[] OtherRooms =
    [
        "SnsTelegram.Sdk.Linking", "SnsTelegram.Sdk.Bot", "SnsTelegram.Sdk.Delivery", "SnsTelegram.Sdk.Formatting",
        "SnsTelegram.Sdk.Reporting", "SnsTelegram.Sdk.Operations", "SnsTelegram.Sdk.Storage.InMemory",
    ];

    [Theory]
    [InlineData("SnsTelegram.Sdk.Sqlite")]
    [InlineData("SnsTelegram.Sdk.PostgreSql")]
    [InlineData("SnsTelegram.Sdk.Storage.Specification")]
    public void A_storage_package_uses_only_the_root_and_the_public_storage_room(string package)
    {
        var assembly = Assembly.Load(package);
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(OtherRooms).GetResult();

        result.IsSuccessful.ShouldBeTrue(
            $"{package} may use the root and the Storage room only; these types use another room: " + string.Join(", ", result.FailingTypeNames ?? []));
        Core.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .ShouldNotContain(package, "a storage package sees only what a third party sees");
    }

    [Fact]
    public void The_OpenTelemetry_package_uses_the_public_root_only()
    {
        var package = typeof(SnsTelegram.Sdk.OpenTelemetry.BotTokenRedactingProcessor).Assembly;
        var result = Types.InAssembly(package).ShouldNot().HaveDependencyOnAny([.. OtherRooms, "SnsTelegram.Sdk.Storage"]).GetResult();

        result.IsSuccessful.ShouldBeTrue("SnsTelegram.Sdk.OpenTelemetry may use the root only; these types use a room: " + string.Join(", ", result.FailingTypeNames ?? []));
        Core.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .ShouldNotContain(package.GetName().Name, "the OpenTelemetry package sees only what a third party sees");
    }

    [Fact]
    public void The_emulator_uses_no_type_of_the_library()
    {
        var emulator = typeof(SnsTelegram.Sdk.Testing.TelegramEmulator).Assembly;

        emulator.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain(Core.GetName().Name,
            "the emulator stands in for Telegram and must not share code with the library it tests");
    }
}
