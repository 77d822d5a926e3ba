using System.Text.Json.Serialization;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Quiet hours on the wire: <c>{"start":"22:00","end":"07:00","mode":"hold","days":["mon","tue"],"urgent_bypass":true}</c>
/// (<c>mode</c> <c>silent</c> or <c>hold</c>; <c>days</c> the weekdays on which the quiet hours start, every day when absent).
/// </summary>
internal sealed record QuietHoursWire(
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End)
{
    /// <summary>The day names of <c>days</c>, Sunday first (the bit of each is <c>1 &lt;&lt; index</c>).</summary>
    public static IReadOnlyList<string> DayNames { get; } = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The index of a day name (<c>mon</c>, any case), Sunday 0, or -1.</summary>
    public static int IndexOfDay(string? name)
    {
        for (var i = 0; i < DayNames.Count; i++)
        {
            if (string.Equals(DayNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "silent";

    [JsonPropertyName("days")]
    public IReadOnlyList<string> Days { get; init; } = DayNames;

    [JsonPropertyName("urgent_bypass")]
    public bool UrgentBypass { get; init; }

    public static QuietHoursWire From(QuietHours quiet) => new(WireFormat.Time(quiet.Start), WireFormat.Time(quiet.End))
    {
        Mode = quiet.Mode == QuietHoursMode.Hold ? "hold" : "silent",
        Days = [.. Enumerable.Range(0, 7).Where(i => quiet.Days == WeekDays.None || ((int)quiet.Days & (1 << i)) != 0).Select(i => DayNames[i])],
        UrgentBypass = quiet.UrgentBypass,
    };
}
