using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Reporting;

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
