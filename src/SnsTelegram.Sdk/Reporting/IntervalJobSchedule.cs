namespace SnsTelegram.Sdk.Reporting;

/// <summary>A fixed interval.</summary>
public sealed record IntervalJobSchedule : JobSchedule
{
    internal IntervalJobSchedule(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        Interval = interval;
    }

    /// <summary>The interval.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        // Occurrences sit on a grid of the interval from the Unix epoch, so every instance computes the same instants.
        var ticks = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = ((ticks / Interval.Ticks) + 1) * Interval.Ticks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + next, TimeSpan.Zero);
    }
}
