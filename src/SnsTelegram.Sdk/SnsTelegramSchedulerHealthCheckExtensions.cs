#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Operations;
using SnsTelegram.Sdk.Reporting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SnsTelegram's scheduler health check.</summary>
public static class SnsTelegramSchedulerHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check of the scheduled jobs: <paramref name="failureStatus"/> (degraded by default) when a job's latest run
    /// failed or a job is overdue. Its data lists every job's last run and next occurrence.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default: <c>snstelegram_scheduler</c>.</param>
    /// <param name="failureStatus">The status reported on failure. Default: <see cref="HealthStatus.Degraded"/>.</param>
    /// <param name="tags">Tags of the check.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddSnsTelegramScheduler(this IHealthChecksBuilder builder, string name = "snstelegram_scheduler", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new SchedulerHealthCheck(sp.GetRequiredService<IJobScheduler>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SnsTelegramOptions>>()),
            failureStatus ?? HealthStatus.Degraded,
            tags));
    }
}
