using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// Reports the scheduler's jobs: degraded when an enabled job's latest run failed, or when a job is overdue (its
/// occurrence passed more than a lease duration ago while this instance's scheduler is on and nothing ran it).
/// </summary>
internal sealed class SchedulerHealthCheck(IJobScheduler scheduler, TimeProvider time, IOptions<SnsTelegramOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await scheduler.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var grace = options.Value.Scheduler.LeaseDuration;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var status in statuses)
        {
            var job = status.Job;
            data[job.Id] = status.LastRun is { } last
                ? $"{last.Outcome} at {last.StartedAt:o} for {last.Occurrence:o}; next {status.NextOccurrence:o}"
                : job.Enabled ? $"never ran; next {status.NextOccurrence:o}" : "off";
            if (!job.Enabled)
            {
                continue;
            }

            if (status.LastRun is { Outcome: JobOutcome.Failed } failed)
            {
                problems.Add($"{job.Id} failed its last run ({failed.Occurrence:o})");
            }

            if (options.Value.Scheduler.Enabled && status.NextOccurrence is { } next && next + grace < now && !status.IsRunning)
            {
                problems.Add($"{job.Id} is overdue since {next:o}");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{statuses.Count(s => s.Job.Enabled)} jobs scheduled", data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems), data: data);
    }
}
