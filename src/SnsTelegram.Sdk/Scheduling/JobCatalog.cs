using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk;

/// <summary>The ids of the jobs the library registers itself.</summary>
public static class BuiltInJobs
{
    /// <summary>The daily report: every minute it sends each user whose local report time has come their report for yesterday.</summary>
    public const string DailySummary = "telegram_daily_summary";

    /// <summary>Hourly cleanup of expired link tokens, old processed update ids and completed outbox messages.</summary>
    public const string Housekeeping = "telegram_housekeeping";
}

/// <summary>A job as registered in code, before configuration overrides.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="JobType">The <see cref="IScheduledJob"/> resolved from a scope per run.</param>
/// <param name="Schedule">The registered schedule.</param>
/// <param name="MissedRunPolicy">What happens to occurrences missed while the app was down.</param>
/// <param name="EnabledByOptions">For built-in jobs: whether the library's options turn the job on; null means on.</param>
/// <param name="RequiredService">A service the job needs; without it the job is off.</param>
internal sealed partial record JobRegistration(
    string Id,
    Type JobType,
    JobSchedule Schedule,
    MissedRunPolicy MissedRunPolicy,
    Func<SnsTelegramOptions, bool>? EnabledByOptions = null,
    Type? RequiredService = null)
{
    public static void ValidateId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!IdRegex().IsMatch(id))
        {
            throw new ArgumentException($"A job id has 1 to 100 characters of A-Za-z0-9_.-; '{id}' does not.", nameof(id));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex IdRegex();
}

/// <summary>The jobs with configuration overrides applied (<c>SnsTelegram:Jobs:&lt;id&gt;</c>).</summary>
internal sealed class JobCatalog
{
    public JobCatalog(IEnumerable<JobRegistration> registrations, IOptions<SnsTelegramOptions> options, IServiceProviderIsService isService)
    {
        var o = options.Value;
        var jobs = new List<ScheduledJobInfo>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            if (!ids.Add(registration.Id))
            {
                throw new InvalidOperationException($"The job id '{registration.Id}' is registered twice.");
            }

            o.Jobs.TryGetValue(registration.Id, out var jobOverride);
            var enabled = registration.EnabledByOptions?.Invoke(o) ?? true;
            if (jobOverride?.Enabled is { } forced)
            {
                enabled = forced;
            }

            var missingService = registration.RequiredService is { } required && !isService.IsService(required);
            if (missingService)
            {
                enabled = false;
            }

            jobs.Add(new ScheduledJobInfo(registration.Id, ApplyOverride(registration.Schedule, jobOverride), registration.MissedRunPolicy, enabled, registration.JobType)
            {
                MissingService = missingService ? registration.RequiredService : null,
            });
        }

        Jobs = jobs;
        UnknownOverrides = o.Jobs.Keys.Where(k => !ids.Contains(k)).ToArray();
    }

    public IReadOnlyList<ScheduledJobInfo> Jobs { get; }

    /// <summary>Override sections that name no registered job.</summary>
    public IReadOnlyList<string> UnknownOverrides { get; }

    /// <summary>The schedule after an override. The options validator has already checked the override, so this does not throw for a validated one.</summary>
    internal static JobSchedule ApplyOverride(JobSchedule registered, JobOverrideOptions? jobOverride)
    {
        if (jobOverride is null)
        {
            return registered;
        }

        var zone = LocalTimes.FindZone(jobOverride.TimeZone) ?? (registered as CronJobSchedule)?.TimeZone;
        if (!string.IsNullOrWhiteSpace(jobOverride.Cron))
        {
            return JobSchedule.Cron(jobOverride.Cron.Trim(), zone);
        }

        if (jobOverride.Interval is { } interval)
        {
            return JobSchedule.Every(interval);
        }

        if (registered is CronJobSchedule cron && zone is not null && zone != cron.TimeZone)
        {
            return JobSchedule.Cron(cron.Expression, zone);
        }

        return registered;
    }
}
