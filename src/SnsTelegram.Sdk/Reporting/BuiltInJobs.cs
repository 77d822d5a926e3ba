namespace SnsTelegram.Sdk.Reporting;

/// <summary>The ids of the jobs the library registers itself.</summary>
public static class BuiltInJobs
{
    /// <summary>The daily report: every minute it sends each user whose local report time has come their report for yesterday.</summary>
    public const string DailySummary = "telegram_daily_summary";

    /// <summary>Hourly cleanup of expired link tokens, old processed update ids and completed outbox messages.</summary>
    public const string Housekeeping = "telegram_housekeeping";
}
