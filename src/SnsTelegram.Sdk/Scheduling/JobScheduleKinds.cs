using NCrontab;

namespace SnsTelegram.Sdk;

/// <summary>A cron schedule in a time zone.</summary>
public sealed record CronJobSchedule : JobSchedule
{
    private readonly CrontabSchedule _schedule;

    internal CronJobSchedule(string expression, TimeZoneInfo timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        ArgumentNullException.ThrowIfNull(timeZone);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            throw new ArgumentException($"A cron expression has 5 fields (minute hour day month weekday) or 6 (seconds first); '{expression}' has {fields}.", nameof(expression));
        }

        var parsed = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        _schedule = parsed ?? throw new ArgumentException($"'{expression}' is not a valid cron expression.", nameof(expression));
        Expression = expression;
        TimeZone = timeZone;
    }

    /// <summary>The cron expression.</summary>
    public string Expression { get; }

    /// <summary>The zone the expression is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <inheritdoc />
    public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => CronOccurrences.Next(_schedule, TimeZone, after);
}

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
