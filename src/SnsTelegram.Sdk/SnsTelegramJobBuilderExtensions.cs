using System.Diagnostics.CodeAnalysis;
#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds scheduled jobs to SnsTelegram's scheduler.</summary>
public static class SnsTelegramJobBuilderExtensions
{
    /// <summary>
    /// Registers a job. The scheduler resolves <typeparamref name="TJob"/> from a new DI scope for every run, takes a lease
    /// on each occurrence so that instances sharing a job lease store run it once, and records every run. The schedule,
    /// and whether the job runs, can be overridden in configuration under <c>SnsTelegram:Jobs:&lt;id&gt;</c>
    /// (<c>Enabled</c>, <c>Cron</c>, <c>Interval</c>, <c>TimeZone</c>).
    /// </summary>
    /// <typeparam name="TJob">The job; registered as scoped unless registered before.</typeparam>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <param name="id">The job's id: 1 to 100 characters of <c>A-Za-z0-9_.-</c>, unique.</param>
    /// <param name="schedule">When it runs: <see cref="JobSchedule.Cron"/> or <see cref="JobSchedule.Every"/>.</param>
    /// <param name="missed">What happens to an occurrence missed while the app was down. Default: run the latest one once.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    /// <exception cref="InvalidOperationException">A job with the same id is registered already.</exception>
    public static ISnsTelegramBuilder AddJob<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TJob>(this ISnsTelegramBuilder builder, string id, JobSchedule schedule, MissedRunPolicy missed = MissedRunPolicy.RunOnce)
        where TJob : class, IScheduledJob
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(schedule);
        JobRegistration.ValidateId(id);
        if (!Enum.IsDefined(missed))
        {
            throw new ArgumentOutOfRangeException(nameof(missed), missed, "The missed run policy must be RunOnce or Skip.");
        }

        var duplicate = builder.Services.Any(d => d.ServiceType == typeof(JobRegistration)
            && d.ImplementationInstance is JobRegistration r
            && string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
        if (duplicate)
        {
            throw new InvalidOperationException($"A job with the id '{id}' is registered already; job ids must be unique.");
        }

        builder.Services.AddSingleton(new JobRegistration(id, typeof(TJob), schedule, missed));
        builder.Services.TryAddScoped<TJob>();
        return builder;
    }
}
