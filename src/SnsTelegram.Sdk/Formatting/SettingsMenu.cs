using System.Globalization;
using System.Text;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The <c>/settings</c> preference centre: one message whose text and inline keyboard show one screen of a linked
/// account's settings. A button either opens a screen (<c>set:&lt;screen&gt;</c>) or changes one setting
/// (<c>set:&lt;setting&gt;=&lt;value&gt;</c>); the bot applies the change and edits the message to the screen it returns to.
/// The choices offered are short curated lists; the values are checked again where they are applied.
/// </summary>
internal static class SettingsMenu
{
    /// <summary>The main screen: a summary of every setting and a button per screen.</summary>
    public const string Home = "home";

    public const string Language = "lang";

    /// <summary>The time zone's regions; <c>tz/&lt;region&gt;</c> is a region's cities.</summary>
    public const string TimeZone = "tz";

    public const string ReportTime = "report";

    public const string Notifications = "mute";

    public const string QuietHours = "quiet";

    public const string Digest = "digest";

    /// <summary>"Share my location": asks for a location message (private chats only).</summary>
    public const string ShareLocation = "loc";

    /// <summary>Setting keys of <c>set:&lt;key&gt;=&lt;value&gt;</c>.</summary>
    public const string SetLanguage = "lang", SetTimeZone = "tz", SetReportTime = "report", SetMute = "mute", SetUnmute = "unmute",
        SetQuietHours = "quiet", SetQuietMode = "qmode", SetDigest = "digest";

    /// <summary>The value of <c>quiet=</c> that turns quiet hours off.</summary>
    public const string Off = "off";

    /// <summary>The daily report times offered.</summary>
    public static IReadOnlyList<TimeOnly> ReportTimes { get; } = [new(7, 0), new(8, 0), new(9, 0), new(12, 0), new(18, 0), new(21, 0)];

    /// <summary>The quiet-hours windows offered.</summary>
    public static IReadOnlyList<(TimeOnly Start, TimeOnly End)> QuietPresets { get; } =
        [(new(22, 0), new(7, 0)), (new(23, 0), new(8, 0)), (new(0, 0), new(7, 0)), (new(21, 0), new(9, 0))];

    /// <summary>The digest windows offered, in minutes (0 = off).</summary>
    public static IReadOnlyList<int> DigestMinutes { get; } = [0, 15, 60, 180];

    /// <summary>The notification types that can be muted, in menu order.</summary>
    public static IReadOnlyList<string> MutableTypes { get; } = NotificationTypes.All.Where(t => t != NotificationTypes.Test).ToArray();

    /// <summary>Splits the part after <c>set:</c> into a key and a value (null for a screen); false when it is malformed.</summary>
    public static bool TryParse(string action, out string key, out string? value)
    {
        ArgumentNullException.ThrowIfNull(action);
        var equals = action.IndexOf('=', StringComparison.Ordinal);
        key = equals < 0 ? action : action[..equals];
        value = equals < 0 ? null : action[(equals + 1)..];
        return key.Length > 0 && value is not { Length: 0 };
    }

    /// <summary>"HH:mm" of a time, as in callback data and on the wire.</summary>
    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"22:00-07:00", a quiet-hours window in callback data.</summary>
    public static string Window(TimeOnly start, TimeOnly end) => Time(start) + "-" + Time(end);

    /// <summary>The screen <paramref name="screen"/> for <paramref name="link"/>, or the main screen for an unknown one.</summary>
    /// <param name="screen">A screen name (<see cref="Home"/>, <c>tz/asia</c>, ...).</param>
    /// <param name="link">The account's current settings.</param>
    /// <param name="defaults">The app's defaults for what the account has not set.</param>
    /// <param name="texts">The language of the menu.</param>
    /// <param name="privateChat">Whether the menu is in a private chat (only there can a location be shared).</param>
    public static TelegramMessage Render(string screen, ChatLink link, SettingsDefaults defaults, BotTexts texts, bool privateChat)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(texts);
        var zone = link.TimeZone ?? defaults.TimeZone;
        var rows = new List<IReadOnlyList<TelegramButton>>();
        var text = new StringBuilder();
        switch (screen)
        {
            case Language:
                Header(text, texts, texts.SettingsLanguage).Append(texts.SettingsCurrent).Append(": ").Append(BotTexts.LanguageName(link.Language ?? defaults.Language)).Append('\n');
                rows.Add(SnsLanguages.Supported.Select(l => Choice(BotTexts.LanguageName(l), l == (link.Language ?? defaults.Language), SetLanguage, l)).ToArray());
                break;
            case TimeZone:
                Header(text, texts, texts.SettingsTimeZone).Append(texts.SettingsCurrent).Append(": ").Append(BotTexts.Escape(zone)).Append('\n')
                    .Append('\n').Append(privateChat ? texts.SettingsChooseRegionOrLocation : texts.SettingsChooseRegion).Append('\n');
                rows.AddRange(TimeZoneChoices.Regions.Chunk(2).Select(pair => (IReadOnlyList<TelegramButton>)pair
                    .Select(r => Button(texts.RegionName(r.Key) + (r.Zones.Any(z => z.ZoneId == zone) ? " ✅" : string.Empty), TimeZone + "/" + r.Key)).ToArray()));
                rows.Add([Choice("UTC", zone == TimeZoneChoices.Utc, SetTimeZone, TimeZoneChoices.Utc)]);
                if (privateChat)
                {
                    rows.Add([Button(texts.SettingsShareLocation, ShareLocation)]);
                }

                break;
            case var region when region.StartsWith(TimeZone + "/", StringComparison.Ordinal) && TimeZoneChoices.ZonesOf(region[(TimeZone.Length + 1)..]) is { } zones:
                Header(text, texts, texts.SettingsTimeZone + " › " + texts.RegionName(region[(TimeZone.Length + 1)..]))
                    .Append(texts.SettingsCurrent).Append(": ").Append(BotTexts.Escape(zone)).Append('\n');
                rows.AddRange(zones.Chunk(2).Select(pair => (IReadOnlyList<TelegramButton>)pair
                    .Select(z => Choice(texts.CityName(z.ZoneId), z.ZoneId == zone, SetTimeZone, z.ZoneId)).ToArray()));
                rows.Add([Button(texts.SettingsBack, TimeZone)]);
                return new TelegramMessage(text.ToString().TrimEnd()) { Buttons = rows };
            case ReportTime:
                var report = link.DailyReportTime ?? defaults.ReportTime;
                Header(text, texts, texts.SettingsReportTime).Append(texts.SettingsCurrent).Append(": ").Append(Time(report)).Append(" (").Append(BotTexts.Escape(zone)).Append(")\n");
                rows.AddRange(ReportTimes.Chunk(3).Select(three => (IReadOnlyList<TelegramButton>)three
                    .Select(t => Choice(Time(t), t == report, SetReportTime, Time(t))).ToArray()));
                break;
            case Notifications:
                Header(text, texts, texts.SettingsNotifications).Append(texts.SettingsMuteHint).Append('\n');
                rows.AddRange(MutableTypes.Select(t => (IReadOnlyList<TelegramButton>)[link.MutedTypes.Contains(t)
                    ? Button("🔇 " + texts.TypeName(t), SetUnmute + "=" + t)
                    : Button("🔔 " + texts.TypeName(t), SetMute + "=" + t)]));
                break;
            case QuietHours:
                Header(text, texts, texts.SettingsQuietHours).Append(texts.SettingsCurrent).Append(": ").Append(texts.QuietSummary(link.QuietHours)).Append('\n');
                rows.AddRange(QuietPresets.Chunk(2).Select(pair => (IReadOnlyList<TelegramButton>)pair
                    .Select(p => Choice($"{Time(p.Start)}–{Time(p.End)}", link.QuietHours is { } q && q.Start == p.Start && q.End == p.End, SetQuietHours, Window(p.Start, p.End))).ToArray()));
                if (link.QuietHours is { } quiet)
                {
                    rows.Add(
                    [
                        Choice(texts.QuietModeName(QuietHoursMode.Silent), quiet.Mode == QuietHoursMode.Silent, SetQuietMode, "silent"),
                        Choice(texts.QuietModeName(QuietHoursMode.Hold), quiet.Mode == QuietHoursMode.Hold, SetQuietMode, "hold"),
                    ]);
                }

                rows.Add([Choice(texts.SettingsOff, link.QuietHours is null, SetQuietHours, Off)]);
                break;
            case Digest:
                Header(text, texts, texts.SettingsDigest).Append(texts.SettingsCurrent).Append(": ").Append(texts.DigestSummary(link.DigestMinutes)).Append('\n')
                    .Append('\n').Append(texts.SettingsDigestHint).Append('\n');
                rows.Add(DigestMinutes.Select(m => Choice(m == 0 ? texts.SettingsOff : texts.MinutesLabel(m), m == link.DigestMinutes, SetDigest, m.ToString(CultureInfo.InvariantCulture))).ToArray());
                break;
            default:
                return RenderHome(link, defaults, texts);
        }

        rows.Add([Button(texts.SettingsBack, Home)]);
        return new TelegramMessage(text.ToString().TrimEnd()) { Buttons = rows };
    }

    private static TelegramMessage RenderHome(ChatLink link, SettingsDefaults defaults, BotTexts texts)
    {
        var text = new StringBuilder(texts.SettingsTitle).Append("\n\n")
            .Append(texts.SettingsLanguage).Append(": ").Append(BotTexts.LanguageName(link.Language ?? defaults.Language)).Append('\n')
            .Append(texts.SettingsTimeZone).Append(": ").Append(BotTexts.Escape(link.TimeZone ?? defaults.TimeZone)).Append('\n')
            .Append(texts.SettingsReportTime).Append(": ").Append(Time(link.DailyReportTime ?? defaults.ReportTime)).Append('\n')
            .Append(texts.SettingsMuted).Append(": ")
            .Append(link.MutedTypes.Count == 0 ? texts.SettingsNone : string.Join(", ", MutableTypes.Where(link.MutedTypes.Contains).Select(t => BotTexts.Escape(texts.TypeName(t))))).Append('\n')
            .Append(texts.SettingsQuietHours).Append(": ").Append(texts.QuietSummary(link.QuietHours)).Append('\n')
            .Append(texts.SettingsDigest).Append(": ").Append(texts.DigestSummary(link.DigestMinutes)).Append('\n')
            .Append('\n').Append(texts.SettingsChoose);
        return new TelegramMessage(text.ToString())
        {
            Buttons =
            [
                [Button(texts.SettingsLanguage, Language), Button(texts.SettingsTimeZone, TimeZone)],
                [Button(texts.SettingsReportTime, ReportTime), Button(texts.SettingsNotifications, Notifications)],
                [Button(texts.SettingsQuietHours, QuietHours), Button(texts.SettingsDigest, Digest)],
            ],
        };
    }

    private static StringBuilder Header(StringBuilder text, BotTexts texts, string screen) =>
        text.Append(texts.SettingsTitle).Append(" › <b>").Append(BotTexts.Escape(StripEmoji(screen))).Append("</b>\n\n");

    /// <summary>A screen's label without its leading emoji ("🌐 Language" → "Language"), for the title line.</summary>
    private static string StripEmoji(string label)
    {
        var space = label.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && !char.IsLetterOrDigit(label[0]) ? label[(space + 1)..] : label;
    }

    private static TelegramButton Button(string text, string action) => TelegramButton.Callback(text, CallbackData.Settings(action));

    private static TelegramButton Choice(string text, bool current, string key, string value) =>
        Button(current ? "✅ " + text : text, key + "=" + value);
}
