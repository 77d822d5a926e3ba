using NCrontab;

namespace SnsTelegram.Sdk;

/// <summary>
/// Evaluates a cron schedule in a time zone across daylight-saving changes: a local time skipped by a
/// spring-forward runs at the first valid instant after it, a local time repeated by a fall-back runs once
/// (at its first, daylight, instance).
/// </summary>
internal static class CronOccurrences
{
    public static DateTimeOffset? Next(CrontabSchedule schedule, TimeZoneInfo zone, DateTimeOffset after)
    {
        var afterUtc = after.UtcDateTime;
        if (zone == TimeZoneInfo.Utc)
        {
            var n = schedule.GetNextOccurrence(afterUtc, DateTime.MaxValue.AddYears(-1));
            return n >= DateTime.MaxValue.AddYears(-1) ? null : new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc));
        }

        // Walk local candidates from a local time safely before 'after' (the largest offset change is under a day).
        var localCursor = TimeZoneInfo.ConvertTimeFromUtc(afterUtc, zone).AddDays(-1);
        var end = localCursor.AddYears(5);
        for (var i = 0; i < 100_000; i++)
        {
            var local = schedule.GetNextOccurrence(localCursor, end);
            if (local >= end)
            {
                return null;
            }

            localCursor = local;
            var instant = ToInstant(local, zone);
            if (instant is { } utc && utc > afterUtc)
            {
                return new DateTimeOffset(utc, TimeSpan.Zero);
            }
        }

        return null;
    }

    /// <summary>The UTC instant of a local time: the first instance of an ambiguous time; the first valid instant after an invalid one.</summary>
    private static DateTime? ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Move forward minute by minute to the end of the gap: the first valid local instant after it.
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            probe = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            // The gap's end, e.g. 03:00 after a 02:00-03:00 gap; a schedule hitting several skipped times maps them all here.
            return TimeZoneInfo.ConvertTimeToUtc(probe, zone);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var largest = offsets.Max(); // daylight offset: the first instance
            return DateTime.SpecifyKind(local - largest, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
