namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// A local time range in which messages arrive silently (<see cref="QuietHoursMode.Silent"/>) or are held until it ends
/// (<see cref="QuietHoursMode.Hold"/>). It may pass midnight (22:00 to 07:00); a range that passes midnight belongs to
/// the day it starts on, so <see cref="Days"/> of Friday covers Friday 22:00 to Saturday 07:00.
/// </summary>
/// <param name="Start">The first quiet minute.</param>
/// <param name="End">The first minute after the quiet range.</param>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>What happens to a message created in the range: sent silently (the default) or held until it ends.</summary>
    public QuietHoursMode Mode { get; init; }

    /// <summary>The weekdays on which the range starts; <see cref="WeekDays.All"/> (the default) or <see cref="WeekDays.None"/> for every day.</summary>
    public WeekDays Days { get; init; } = WeekDays.All;

    /// <summary>Whether urgent types (<c>post_failure</c>) are sent at once, with sound, in the range.</summary>
    public bool UrgentBypass { get; init; }

    /// <summary>Whether <paramref name="localTime"/> falls in the range, whatever the day.</summary>
    public bool Contains(TimeOnly localTime) =>
        Start <= End ? localTime >= Start && localTime < End : localTime >= Start || localTime < End;

    /// <summary>Whether the local instant <paramref name="local"/> falls in the range on one of its <see cref="Days"/>.</summary>
    public bool Applies(DateTime local) => CurrentStart(local) is not null;

    /// <summary>When the range that holds the local instant <paramref name="local"/> ends (local time), or null when it is outside every range.</summary>
    public DateTime? EndOf(DateTime local)
    {
        if (CurrentStart(local) is not { } startDay)
        {
            return null;
        }

        var end = startDay.ToDateTime(End);
        return Start <= End ? end : end.AddDays(1);
    }

    /// <summary>The day on which the range holding <paramref name="local"/> started, when it is a quiet day.</summary>
    private DateOnly? CurrentStart(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (!Contains(time))
        {
            return null;
        }

        var day = DateOnly.FromDateTime(local);
        if (Start > End && time < End)
        {
            day = day.AddDays(-1);
        }

        var days = Days == WeekDays.None ? WeekDays.All : Days;
        return (days & WeekDaysOf(day.DayOfWeek)) != 0 ? day : null;
    }

    private static WeekDays WeekDaysOf(DayOfWeek day) => (WeekDays)(1 << (int)day);
}
