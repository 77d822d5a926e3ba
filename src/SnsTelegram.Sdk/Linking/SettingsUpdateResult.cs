using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>What <see cref="SettingsUpdater.ApplyAsync"/> did: the updated link, the refusal of an invalid patch, or neither (not linked).</summary>
internal sealed record SettingsUpdateResult(ChatLink? Link, string? Error)
{
    public static SettingsUpdateResult NotLinked { get; } = new(null, null);

    public static SettingsUpdateResult Updated(ChatLink link) => new(link, null);

    public static SettingsUpdateResult Invalid(string error) => new(null, error);
}
