namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// The occurrence a manual run is leased and recorded under: the minute of the request plus one tick. Every instance
/// asked within the same minute computes the same occurrence, so the job lease store lets one of them run it; the extra
/// tick keeps it apart from the scheduled occurrences (whole seconds), so a manual run neither takes nor is refused by
/// the scheduled run of that minute, and a run record shows which it was.
/// </summary>
internal static class ManualOccurrences
{
    /// <summary>The manual occurrence for a request at <paramref name="now"/>.</summary>
    public static DateTimeOffset Of(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute) + 1, TimeSpan.Zero);

    /// <summary>Whether <paramref name="occurrence"/> is a manual one.</summary>
    public static bool IsManual(DateTimeOffset occurrence) => occurrence.UtcTicks % TimeSpan.TicksPerMinute == 1;
}
