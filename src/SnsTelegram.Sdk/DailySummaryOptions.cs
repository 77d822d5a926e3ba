namespace SnsTelegram.Sdk;

/// <summary>Settings of the daily report (<c>telegram_daily_summary</c>).</summary>
public sealed class DailySummaryOptions
{
    /// <summary>Whether the daily report job is registered. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The local time of a user's report when they have not chosen one. Default: 09:00.</summary>
    public TimeOnly DefaultReportTime { get; set; } = new(9, 0);

    /// <summary>Whether a user with no posts yesterday gets a short "no posts" note instead of nothing. Default: false.</summary>
    public bool SendWhenNoPosts { get; set; }

    /// <summary>
    /// How many days before yesterday a report missed while no instance ran the job (the app was down over a user's
    /// report time) is still sent late, on the first run after the gap. 0 sends only yesterday's report, as a normal
    /// run does. Default: 2.
    /// </summary>
    public int CatchUpDays { get; set; } = 2;

    /// <summary>How many users are loaded and aggregated at once. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;
}
