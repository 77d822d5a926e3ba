namespace SnsTelegram.Sdk.Storage;

/// <summary>A set of weekdays (the bit of a day is <c>1 &lt;&lt; (int)DayOfWeek</c>).</summary>
[Flags]
#pragma warning disable CA1714 // the name of a set of days reads better in the singular "WeekDays" than as "WeekDayses"
public enum WeekDays
#pragma warning restore CA1714
{
    /// <summary>No day (read as every day by <see cref="QuietHours"/>).</summary>
    None = 0,

    /// <summary>Sunday.</summary>
    Sunday = 1,

    /// <summary>Monday.</summary>
    Monday = 2,

    /// <summary>Tuesday.</summary>
    Tuesday = 4,

    /// <summary>Wednesday.</summary>
    Wednesday = 8,

    /// <summary>Thursday.</summary>
    Thursday = 16,

    /// <summary>Friday.</summary>
    Friday = 32,

    /// <summary>Saturday.</summary>
    Saturday = 64,

    /// <summary>Every day.</summary>
    All = 127,
}
