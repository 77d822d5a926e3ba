using System.Text.RegularExpressions;

namespace SnsTelegram.Sdk.Reporting;

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
