using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>Registers the scheduler, its built-in jobs and the daily report.</summary>
internal static class SchedulingServiceCollectionExtensions
{
    internal static IServiceCollection AddSnsTelegramScheduling(this IServiceCollection services)
    {
        services.TryAddSingleton<SchedulingMetrics>();
        services.TryAddSingleton<JobCatalog>();
        services.TryAddSingleton<DailySummaryLedger>();
        services.TryAddSingleton<JobSchedulerService>();
        services.TryAddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobSchedulerService>());
        services.AddHostedService(sp => sp.GetRequiredService<JobSchedulerService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnsTelegramOptions>, SchedulingOptionsValidator>());

        // Each user's report time is in their own zone, so the daily report checks every minute who is due (the original
        // ran once at 09:00 UTC; 09:00 in DefaultTimeZone, UTC by default, is still the default report time).
        services.AddSingleton(new JobRegistration(
            BuiltInJobs.DailySummary,
            typeof(DailySummaryJob),
            JobSchedule.Every(DailySummaryJob.CheckInterval),
            MissedRunPolicy.Skip,
            static o => o.DailySummary.Enabled,
            typeof(IPostActivitySource)));

        // A factory, so that a host without an activity source (the job is then off) still passes ValidateOnBuild.
        services.TryAddScoped(static sp => ActivatorUtilities.CreateInstance<DailySummaryJob>(sp));
        services.AddSingleton(new JobRegistration(
            BuiltInJobs.Housekeeping,
            typeof(HousekeepingJob),
            JobSchedule.Every(TimeSpan.FromHours(1)),
            MissedRunPolicy.RunOnce));
        services.TryAddScoped<HousekeepingJob>();
        return services;
    }
}
