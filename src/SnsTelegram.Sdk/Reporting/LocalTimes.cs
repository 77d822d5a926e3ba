using System.Collections.Concurrent;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// Maps local wall-clock times to instants with the library's daylight-saving rules: a local time skipped by a
/// spring-forward maps to the first valid instant after the gap; a local time repeated by a fall-back maps to its
/// first (daylight) instance.
/// </summary>
internal static class LocalTimes
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The UTC instant of a local time, with the rules above.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Move forward minute by minute to the end of the gap, then back to the whole minute (gaps end on whole minutes).
            var probe = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            // Every skipped local time maps to the gap's end, e.g. 03:00 after a 02:00-03:00 gap.
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(probe, zone), TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var largest = offsets.Max(); // the daylight offset: the earlier, first instance
            return new DateTimeOffset(DateTime.SpecifyKind(local - largest, DateTimeKind.Utc), TimeSpan.Zero);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The local wall-clock time (kind unspecified) of an instant in a zone.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone), DateTimeKind.Unspecified);

    /// <summary>Finds a time zone by IANA (or Windows) id, caching the answer; null when the id is unknown.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return Zones.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);
    }
}
