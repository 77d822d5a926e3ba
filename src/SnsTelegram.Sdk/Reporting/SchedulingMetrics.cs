using System.Diagnostics;
using System.Diagnostics.Metrics;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>The scheduler's instruments on the <c>SnsTelegram</c> meter.</summary>
internal sealed class SchedulingMetrics
{
    public SchedulingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SnsTelegramDiagnostics.Name);
        JobRuns = meter.CreateCounter<long>("snstelegram.jobs.runs", "{run}", "Job occurrences run, by job and outcome.");
        JobDuration = meter.CreateHistogram<double>("snstelegram.jobs.duration", "s", "How long job runs took.");
        DailyReports = meter.CreateCounter<long>("snstelegram.daily_summary.reports", "{report}", "Daily reports handled, by status (queued, duplicate, no_posts, not_delivered, failed).");
    }

    public Counter<long> JobRuns { get; }

    public Histogram<double> JobDuration { get; }

    public Counter<long> DailyReports { get; }

    public void RecordRun(string jobId, JobOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList { { "job", jobId }, { "outcome", OutcomeName(outcome) } };
        JobRuns.Add(1, tags);
        JobDuration.Record(duration.TotalSeconds, tags);
    }

    public void RecordReports(string status, int count)
    {
        if (count > 0)
        {
            DailyReports.Add(count, new KeyValuePair<string, object?>("status", status));
        }
    }

    internal static string OutcomeName(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => "succeeded",
        JobOutcome.Failed => "failed",
        _ => "canceled",
    };
}
