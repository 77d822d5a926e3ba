namespace SnsTelegram.Sdk.Reporting;

/// <summary>What one run of the daily report did.</summary>
internal sealed class DailySummaryRunResult
{
    public int Due { get; set; }

    public int AlreadySent { get; set; }

    public int Queued { get; set; }

    public int Duplicate { get; set; }

    public int NoPosts { get; set; }

    public int NotDelivered { get; set; }

    public int Failed { get; set; }

    /// <summary>Reports due late: their report time fell while no instance ran the job.</summary>
    public int Late { get; set; }
}
