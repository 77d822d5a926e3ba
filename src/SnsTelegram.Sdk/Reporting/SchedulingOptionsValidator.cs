using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>Validates the scheduler, daily report and job override settings; every failure names the setting.</summary>
internal sealed class SchedulingOptionsValidator(IEnumerable<JobRegistration> registrations) : IValidateOptions<SnsTelegramOptions>
{
    internal const int MaxBatchSize = 10_000;

    internal const int MaxCatchUpDays = 7;

    public ValidateOptionsResult Validate(string? name, SnsTelegramOptions options)
    {
        var errors = new List<string>();
        var lease = options.Scheduler.LeaseDuration;
        if (lease < TimeSpan.FromSeconds(10) || lease > TimeSpan.FromDays(1))
        {
            errors.Add("SnsTelegram:Scheduler:LeaseDuration must be between 00:00:10 and 1.00:00:00.");
        }

        if (options.DailySummary.BatchSize is < 1 or > MaxBatchSize)
        {
            errors.Add($"SnsTelegram:DailySummary:BatchSize must be between 1 and {MaxBatchSize}.");
        }

        if (options.DailySummary.CatchUpDays is < 0 or > MaxCatchUpDays)
        {
            errors.Add($"SnsTelegram:DailySummary:CatchUpDays must be between 0 and {MaxCatchUpDays}.");
        }

        var registered = registrations.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, jobOverride) in options.Jobs)
        {
            if (jobOverride is null)
            {
                continue;
            }

            var prefix = $"SnsTelegram:Jobs:{id}";
            var hasCron = !string.IsNullOrWhiteSpace(jobOverride.Cron);
            if (hasCron && jobOverride.Interval is not null)
            {
                errors.Add($"{prefix}: set either Cron or Interval, not both.");
            }

            var zoneValid = true;
            if (jobOverride.TimeZone is not null && LocalTimes.FindZone(jobOverride.TimeZone) is null)
            {
                zoneValid = false;
                errors.Add($"{prefix}:TimeZone must be a known IANA time zone id, such as UTC, Asia/Seoul or Europe/Berlin.");
            }

            if (hasCron)
            {
                try
                {
                    _ = JobSchedule.Cron(jobOverride.Cron!.Trim());
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{prefix}:Cron must be a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), such as '0 9 * * *': {ex.Message}");
                }
            }
            else if (jobOverride.Cron is not null)
            {
                errors.Add($"{prefix}:Cron must not be empty; remove it to keep the registered schedule.");
            }

            if (jobOverride.Interval is { } interval && interval < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{prefix}:Interval must be at least 00:00:01.");
            }

            if (zoneValid && jobOverride.TimeZone is not null && !hasCron && jobOverride.Interval is null
                && registered.TryGetValue(id, out var registration) && registration.Schedule is not CronJobSchedule)
            {
                errors.Add($"{prefix}:TimeZone applies to a cron schedule, but the job runs on an interval; set {prefix}:Cron as well or remove TimeZone.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
