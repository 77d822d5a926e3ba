using NCrontab;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// Evaluates a cron schedule in a time zone across daylight-saving changes: a local time skipped by a
/// spring-forward runs at the first valid instant after it, a local time repeated by a fall-back runs once
/// (at its first, daylight, instance).
/// </summary>
internal static class CronOccurrences
{
    /// <summary>
    /// How far before the local time of 'after' candidates are examined. A fall-back moves local time back by the
    /// zone's daylight delta (at most 2 hours in the time zone database), so a candidate whose instant lies after
    /// 'after' never has a local time earlier than this.
    /// </summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromHours(3);

    public static DateTimeOffset? Next(CrontabSchedule schedule, TimeZoneInfo zone, DateTimeOffset after)
    {
        var afterUtc = after.UtcDateTime;
        if (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC")
        {
            var limit = DateTime.MaxValue.AddYears(-1);
            if (afterUtc >= limit)
            {
                return null;
            }

            var n = schedule.GetNextOccurrence(afterUtc, limit);
            return n >= limit ? null : new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc));
        }

        // Walk local candidates from a local time safely before 'after'; skipped and repeated times are mapped by LocalTimes.
        var localCursor = LocalTimes.ToLocal(after, zone) - LookBack;
        var end = localCursor.AddYears(5);
        for (var i = 0; i < 1_000_000; i++)
        {
            var local = schedule.GetNextOccurrence(localCursor, end);
            if (local >= end)
            {
                return null;
            }

            localCursor = local;
            var instant = LocalTimes.ToUtc(local, zone);
            if (instant > after)
            {
                return instant;
            }
        }

        return null;
    }

    /// <summary>
    /// The latest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>], or null when there is none. Searches
    /// backwards from <paramref name="upTo"/> in doubling windows, so a long gap does not walk every occurrence.
    /// </summary>
    public static DateTimeOffset? Latest(JobSchedule schedule, DateTimeOffset after, DateTimeOffset upTo)
    {
        if (upTo <= after)
        {
            return null;
        }

        var span = upTo - after;
        var window = span < TimeSpan.FromSeconds(1) ? span : TimeSpan.FromSeconds(1);
        while (true)
        {
            var first = schedule.GetNextOccurrence(upTo - window);
            if (first is { } f && f <= upTo)
            {
                // Walk forward from the first occurrence in the window to the last one not after upTo.
                var latest = f;
                while (schedule.GetNextOccurrence(latest) is { } n && n <= upTo)
                {
                    latest = n;
                }

                return latest;
            }

            if (window == span)
            {
                return null;
            }

            window = window.Ticks > span.Ticks / 2 ? span : window * 2;
        }
    }
}
