using NCrontab;

namespace SnsTelegram.Sdk.Reporting;

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
