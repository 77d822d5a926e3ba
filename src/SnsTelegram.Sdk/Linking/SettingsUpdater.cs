using System.Text.Json;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// The one way a user's settings change: the user's link is read, the patch is checked and applied by
/// <see cref="SettingsPatch.TryApply"/> and the result is written with <see cref="IChatLinkStore.UpdateAsync"/>. Both
/// <c>PATCH settings</c> and the bot's <c>/settings</c> buttons call it, so the two cannot drift apart.
/// </summary>
internal sealed class SettingsUpdater(IChatLinkStore links)
{
    /// <summary>Applies <paramref name="patch"/> (the JSON object of <c>PATCH settings</c>) to <paramref name="userId"/>'s link.</summary>
    public async ValueTask<SettingsUpdateResult> ApplyAsync(string userId, JsonElement patch, CancellationToken cancellationToken)
    {
        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return SettingsUpdateResult.NotLinked;
        }

        if (!SettingsPatch.TryApply(patch, link, out var updated, out var error))
        {
            return SettingsUpdateResult.Invalid(error);
        }

        return await links.UpdateAsync(updated, cancellationToken).ConfigureAwait(false)
            ? SettingsUpdateResult.Updated(updated)
            : SettingsUpdateResult.NotLinked;
    }
}
