namespace SnsTelegram.Sdk.Storage;

/// <summary>A local time range in which messages arrive silently. It may pass midnight (22:00 to 07:00).</summary>
/// <param name="Start">The first quiet minute.</param>
/// <param name="End">The first minute after the quiet range.</param>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether <paramref name="localTime"/> falls in the range.</summary>
    public bool Contains(TimeOnly localTime) =>
        Start <= End ? localTime >= Start && localTime < End : localTime >= Start || localTime < End;
}
