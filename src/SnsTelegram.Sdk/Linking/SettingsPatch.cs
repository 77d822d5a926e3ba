using System.Text.Json;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// A strict reader of <c>PATCH settings</c>: <c>language</c>, <c>time_zone</c>, <c>daily_report_time</c>,
/// <c>muted_types</c>, <c>quiet_hours</c>. A field that is present is changed (null resets it to the default); a field
/// that is absent is kept; any other field is refused.
/// </summary>
internal static class SettingsPatch
{
    public const string Allowed = "language, time_zone, daily_report_time, muted_types, quiet_hours, digest_minutes, digest_types";

    /// <summary>Notification types a user may mute (the test message cannot be muted).</summary>
    public static IReadOnlyList<string> MutableTypes { get; } = NotificationTypes.All.Where(t => t != NotificationTypes.Test).ToArray();

    /// <summary>The types <c>digest_types</c> may name, in the order of <see cref="NotificationTypes.All"/>.</summary>
    public static IReadOnlyList<string> DigestibleTypes { get; } = NotificationTypes.All.Where(ChatLink.DigestibleTypes.Contains).ToArray();

    /// <summary>The longest digest window: a day.</summary>
    public const int MaxDigestMinutes = 1440;

    private const string QuietHoursError =
        "quiet_hours must be {\"start\":\"HH:mm\",\"end\":\"HH:mm\"} with different times (it may pass midnight), optionally with \"mode\" (\"silent\" or \"hold\"), "
        + "\"days\" (a non-empty list of sun, mon, tue, wed, thu, fri, sat) and \"urgent_bypass\" (true or false); or null.";

    /// <summary>
    /// Applies the patch in <paramref name="json"/> to <paramref name="link"/>; the error names the field and what is
    /// allowed. A refused patch changes nothing: <paramref name="updated"/> is then <paramref name="link"/> itself.
    /// </summary>
    public static bool TryApply(JsonElement json, ChatLink link, out ChatLink updated, out string error)
    {
        if (TryApplyAll(json, link, out updated, out error))
        {
            return true;
        }

        updated = link;
        return false;
    }

    private static bool TryApplyAll(JsonElement json, ChatLink link, out ChatLink updated, out string error)
    {
        updated = link;
        error = string.Empty;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"The body must be a JSON object with any of: {Allowed}.";
            return false;
        }

        var any = false;
        foreach (var property in json.EnumerateObject())
        {
            any = true;
            var value = property.Value;
            switch (property.Name)
            {
                case "language":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        updated = updated with { Language = null };
                    }
                    else if (value.ValueKind == JsonValueKind.String && SnsLanguages.IsSupported(value.GetString()))
                    {
                        updated = updated with { Language = value.GetString()!.ToLowerInvariant() };
                    }
                    else
                    {
                        error = $"language must be one of: {string.Join(", ", SnsLanguages.Supported)} (or null for the default).";
                        return false;
                    }

                    break;
                case "time_zone":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        updated = updated with { TimeZone = null };
                    }
                    else if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 64 } zone
                        && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                    {
                        updated = updated with { TimeZone = zone };
                    }
                    else
                    {
                        error = "time_zone must be a known IANA time zone id, such as Asia/Seoul or Europe/Berlin (or null for the default).";
                        return false;
                    }

                    break;
                case "daily_report_time":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        updated = updated with { DailyReportTime = null };
                    }
                    else if (value.ValueKind == JsonValueKind.String && WireFormat.TryParseTime(value.GetString(), out var time))
                    {
                        updated = updated with { DailyReportTime = time };
                    }
                    else
                    {
                        error = "daily_report_time must be a local time as HH:mm, such as 09:00 (or null for the default).";
                        return false;
                    }

                    break;
                case "muted_types":
                    if (!TryReadTypes(value, MutableTypes, out var types))
                    {
                        error = $"muted_types must be a list of: {string.Join(", ", MutableTypes)}.";
                        return false;
                    }

                    updated = updated with { MutedTypes = types };
                    break;
                case "quiet_hours":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        updated = updated with { QuietHours = null };
                    }
                    else if (TryReadQuietHours(value, out var quiet))
                    {
                        updated = updated with { QuietHours = quiet };
                    }
                    else
                    {
                        error = QuietHoursError;
                        return false;
                    }

                    break;
                case "digest_minutes":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var minutes) && minutes is >= 0 and <= MaxDigestMinutes)
                    {
                        updated = updated with { DigestMinutes = minutes };
                    }
                    else
                    {
                        error = $"digest_minutes must be a whole number from 0 (off) to {MaxDigestMinutes}.";
                        return false;
                    }

                    break;
                case "digest_types":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        updated = updated with { DigestTypes = null };
                    }
                    else if (TryReadTypes(value, ChatLink.DigestibleTypes, out var digestTypes))
                    {
                        updated = updated with { DigestTypes = digestTypes };
                    }
                    else
                    {
                        error = $"digest_types must be a list of: {string.Join(", ", DigestibleTypes)} (or null for every type except post_failure and daily_summary).";
                        return false;
                    }

                    break;
                default:
                    error = $"Unknown setting. Allowed: {Allowed}.";
                    return false;
            }
        }

        if (!any)
        {
            error = $"Give at least one of: {Allowed}.";
            return false;
        }

        return true;
    }

    private static bool TryReadTypes(JsonElement value, IEnumerable<string> allowed, out IReadOnlySet<string> types)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        types = set;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > 16)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } type || !allowed.Contains(type))
            {
                return false;
            }

            set.Add(type);
        }

        return true;
    }

    private static bool TryReadQuietHours(JsonElement value, out QuietHours quiet)
    {
        quiet = default;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        TimeOnly? start = null, end = null;
        var mode = QuietHoursMode.Silent;
        var days = WeekDays.All;
        var bypass = false;
        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "start" or "end":
                    if (v.ValueKind != JsonValueKind.String || !WireFormat.TryParseTime(v.GetString(), out var time))
                    {
                        return false;
                    }

                    if (property.Name == "start")
                    {
                        start = time;
                    }
                    else
                    {
                        end = time;
                    }

                    break;
                case "mode":
                    switch (v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                    {
                        case "silent":
                            mode = QuietHoursMode.Silent;
                            break;
                        case "hold":
                            mode = QuietHoursMode.Hold;
                            break;
                        default:
                            return false;
                    }

                    break;
                case "days":
                    if (!TryReadDays(v, out days))
                    {
                        return false;
                    }

                    break;
                case "urgent_bypass":
                    if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return false;
                    }

                    bypass = v.GetBoolean();
                    break;
                default:
                    return false;
            }
        }

        if (start is not { } s || end is not { } e || s == e)
        {
            return false;
        }

        quiet = new QuietHours(s, e) { Mode = mode, Days = days, UrgentBypass = bypass };
        return true;
    }

    private static bool TryReadDays(JsonElement value, out WeekDays days)
    {
        days = WeekDays.None;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > 7)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            var index = item.ValueKind == JsonValueKind.String ? QuietHoursWire.IndexOfDay(item.GetString()) : -1;
            if (index < 0)
            {
                return false;
            }

            days |= (WeekDays)(1 << index);
        }

        return true;
    }
}
