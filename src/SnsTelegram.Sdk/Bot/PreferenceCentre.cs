using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// The bot's <c>/settings</c>: sends the <see cref="SettingsMenu"/> for the chat's one linked account, and handles its
/// buttons by editing that message in place. A change becomes the JSON of <c>PATCH settings</c> and goes through
/// <see cref="SettingsUpdater"/> (the same checks and store write) under the same per-user limit. Every press reads the
/// account's current settings first, so a button of an old menu acts on today's state. A shared location sets the
/// nearest curated time zone (<see cref="TimeZoneChoices.Nearest"/>).
/// </summary>
internal sealed class PreferenceCentre(
    SendPipeline pipeline,
    BotReplySender replies,
    SettingsUpdater settings,
    UserLimiter limits,
    IOptionsMonitor<SnsTelegramOptions> options,
    ILogger<PreferenceCentre> logger)
{
    /// <summary>The longest rate-limit wait an edit of the menu sits out (the user is watching).</summary>
    private static readonly TimeSpan EditMaxWait = TimeSpan.FromSeconds(3);

    /// <summary>Answers <c>/settings</c>: the main screen, or why there is none.</summary>
    public ValueTask OpenAsync(long chatId, TelegramChatType chatType, IReadOnlyList<ChatLink> chatLinks, BotTexts texts, CancellationToken cancellationToken)
    {
        var message = chatLinks.Count switch
        {
            0 => new TelegramMessage(texts.NotLinked),
            1 => Render(SettingsMenu.Home, chatLinks[0], chatType, texts),
            _ => new TelegramMessage(texts.SettingsSharedChat),
        };
        return replies.SendAsync(chatId, chatType, message, cancellationToken);
    }

    /// <summary>Handles a <c>set:</c> button on message <paramref name="messageId"/>; returns the callback's answer (empty for none).</summary>
    public async ValueTask<string> OnButtonAsync(
        string action, long chatId, TelegramChatType chatType, int messageId, IReadOnlyList<ChatLink> chatLinks, BotTexts texts, CancellationToken cancellationToken)
    {
        if (chatLinks.Count != 1)
        {
            return texts.SettingsSharedChat;
        }

        if (!SettingsMenu.TryParse(action, out var key, out var value))
        {
            return texts.UnknownAction;
        }

        var link = chatLinks[0];
        if (value is null)
        {
            if (key == SettingsMenu.ShareLocation)
            {
                if (chatType != TelegramChatType.Private)
                {
                    return texts.LocationPrivateOnly;
                }

                await replies.SendAsync(chatId, chatType, new TelegramMessage(texts.LocationPrompt) { RequestLocation = texts.LocationButton }, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            }

            await ShowAsync(chatId, chatType, messageId, Render(key, link, chatType, texts), cancellationToken).ConfigureAwait(false);
            return string.Empty;
        }

        if (key == SettingsMenu.SetQuietMode && link.QuietHours is null)
        {
            await ShowAsync(chatId, chatType, messageId, Render(SettingsMenu.QuietHours, link, chatType, texts), cancellationToken).ConfigureAwait(false);
            return texts.QuietHoursOffFirst;
        }

        if (Patch(key, value, link) is not { } patch)
        {
            return texts.UnknownAction;
        }

        var (updated, refusal) = await ApplyAsync(link, patch, texts, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return refusal!;
        }

        // a choice returns to the main screen; a toggle stays on its screen
        var screen = key switch
        {
            SettingsMenu.SetMute or SettingsMenu.SetUnmute => SettingsMenu.Notifications,
            SettingsMenu.SetQuietHours or SettingsMenu.SetQuietMode => SettingsMenu.QuietHours,
            _ => SettingsMenu.Home,
        };
        var now = BotTexts.For(updated.Language ?? texts.Language);
        await ShowAsync(chatId, chatType, messageId, Render(screen, updated, chatType, now), cancellationToken).ConfigureAwait(false);
        return now.Saved;
    }

    /// <summary>Handles a location message in a private chat: sets the nearest curated time zone and says which.</summary>
    public async ValueTask OnLocationAsync(long chatId, double latitude, double longitude, IReadOnlyList<ChatLink> chatLinks, BotTexts texts, CancellationToken cancellationToken)
    {
        if (chatLinks.Count != 1)
        {
            await replies.SendAsync(chatId, TelegramChatType.Private, new TelegramMessage(chatLinks.Count == 0 ? texts.NotLinked : texts.SettingsSharedChat) { RemoveReplyKeyboard = true }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!double.IsFinite(latitude) || latitude is < -90 or > 90 || !double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            await replies.SendAsync(chatId, TelegramChatType.Private, new TelegramMessage(texts.UnknownAction) { RemoveReplyKeyboard = true }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var zone = TimeZoneChoices.Nearest(latitude, longitude).ZoneId;
        var (updated, refusal) = await ApplyAsync(chatLinks[0], Json(w => w.WriteString("time_zone", zone)), texts, cancellationToken).ConfigureAwait(false);
        var text = updated is null ? refusal! : BotTexts.For(updated.Language ?? texts.Language).LocationSet(zone);
        await replies.SendAsync(chatId, TelegramChatType.Private, new TelegramMessage(text) { RemoveReplyKeyboard = true }, cancellationToken).ConfigureAwait(false);
    }

    private TelegramMessage Render(string screen, ChatLink link, TelegramChatType chatType, BotTexts texts)
    {
        var current = options.CurrentValue;
        var defaults = new SettingsDefaults(current.DefaultLanguage, current.DefaultTimeZone, current.DailySummary.DefaultReportTime);
        return SettingsMenu.Render(screen, link, defaults, texts, chatType == TelegramChatType.Private);
    }

    /// <summary>Takes a permit of the settings limit and applies the patch; the updated link, or the answer that refuses it.</summary>
    private async ValueTask<(ChatLink? Updated, string? Refusal)> ApplyAsync(ChatLink link, byte[] patch, BotTexts texts, CancellationToken cancellationToken)
    {
        var limit = options.CurrentValue.Limits.Settings;
        var permit = await limits.TryTakeAsync(UserLimiter.Settings, link.UserId, limit.PermitLimit, limit.Window, cancellationToken).ConfigureAwait(false);
        if (!permit.Granted)
        {
            return (null, texts.SettingsTooMany);
        }

        using var document = JsonDocument.Parse(patch);
        var result = await settings.ApplyAsync(link.UserId, document.RootElement, cancellationToken).ConfigureAwait(false);
        if (result.Link is { } updated)
        {
            Log.SettingsChanged(logger, string.Join(",", document.RootElement.EnumerateObject().Select(p => p.Name)));
            return (updated, null);
        }

        if (result.Error is { } error)
        {
            // a value no button of ours carries (forged callback data): refused by the same checks as PATCH settings
            Log.SettingsRefused(logger, error);
            return (null, texts.UnknownAction);
        }

        return (null, texts.NotLinkedAnswer);
    }

    /// <summary>Edits the menu message to <paramref name="menu"/>; when it can no longer be edited, sends the menu anew.</summary>
    private async ValueTask ShowAsync(long chatId, TelegramChatType chatType, int messageId, TelegramMessage menu, CancellationToken cancellationToken)
    {
        var request = new SendRequest(chatId, chatType, menu) { Lane = DeliveryLane.Urgent, EditChatId = chatId, EditMessageId = messageId };
        var result = await pipeline.SendAsync(request, EditMaxWait, cancellationToken, cancellationToken).ConfigureAwait(false);
        switch (result.Kind)
        {
            case SendResultKind.Sent:
                return;
            case SendResultKind.Rejected when result.Reason == DeliveryReasons.EditImpossible:
                Log.SettingsMenuResent(logger, result.Error);
                await replies.SendAsync(chatId, chatType, menu, cancellationToken).ConfigureAwait(false);
                return;
            default:
                Log.SettingsMenuNotEdited(logger, result.Kind.ToString(), result.Error);
                return;
        }
    }

    /// <summary>The <c>PATCH settings</c> body for one change, or null for a key or value no button carries.</summary>
    private static byte[]? Patch(string key, string value, ChatLink link)
    {
        switch (key)
        {
            case SettingsMenu.SetLanguage:
                return Json(w => w.WriteString("language", value));
            case SettingsMenu.SetTimeZone:
                return Json(w => w.WriteString("time_zone", value));
            case SettingsMenu.SetReportTime:
                return Json(w => w.WriteString("daily_report_time", value));
            case SettingsMenu.SetMute or SettingsMenu.SetUnmute:
                var muted = new SortedSet<string>(link.MutedTypes, StringComparer.Ordinal);
                if (key == SettingsMenu.SetMute)
                {
                    muted.Add(value);
                }
                else
                {
                    muted.Remove(value);
                }

                return Json(w =>
                {
                    w.WriteStartArray("muted_types");
                    foreach (var type in muted)
                    {
                        w.WriteStringValue(type);
                    }

                    w.WriteEndArray();
                });
            case SettingsMenu.SetQuietHours when value == SettingsMenu.Off:
                return Json(w => w.WriteNull("quiet_hours"));
            case SettingsMenu.SetQuietHours:
                var dash = value.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0)
                {
                    return null;
                }

                // a new window keeps the mode, days and urgent bypass chosen before (in the app or here)
                return QuietJson(value[..dash], value[(dash + 1)..], link.QuietHours?.Mode ?? QuietHoursMode.Silent, link.QuietHours);
            case SettingsMenu.SetQuietMode when link.QuietHours is { } quiet:
                var mode = value switch { "silent" => QuietHoursMode.Silent, "hold" => QuietHoursMode.Hold, _ => (QuietHoursMode?)null };
                return mode is { } m ? QuietJson(SettingsMenu.Time(quiet.Start), SettingsMenu.Time(quiet.End), m, quiet) : null;
            case SettingsMenu.SetDigest:
                return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
                    ? Json(w => w.WriteNumber("digest_minutes", minutes))
                    : null;
            default:
                return null;
        }
    }

    private static byte[] QuietJson(string start, string end, QuietHoursMode mode, QuietHours? before) => Json(w =>
    {
        w.WriteStartObject("quiet_hours");
        w.WriteString("start", start);
        w.WriteString("end", end);
        w.WriteString("mode", mode == QuietHoursMode.Hold ? "hold" : "silent");
        if (before is { } b)
        {
            if (b.Days is not (WeekDays.All or WeekDays.None))
            {
                w.WriteStartArray("days");
                for (var i = 0; i < QuietHoursWire.DayNames.Count; i++)
                {
                    if (((int)b.Days & (1 << i)) != 0)
                    {
                        w.WriteStringValue(QuietHoursWire.DayNames[i]);
                    }
                }

                w.WriteEndArray();
            }

            w.WriteBoolean("urgent_bypass", b.UrgentBypass);
        }

        w.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
