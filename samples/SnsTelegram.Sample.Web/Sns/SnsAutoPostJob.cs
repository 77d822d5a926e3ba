using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The <c>sns_auto_post</c> job: publishes due posts and runs due automation rules (every 5 minutes by default).</summary>
public sealed class SnsAutoPostJob(SnsAutoPoster poster) : IScheduledJob
{
    /// <summary>The job id, as in the original scheduler.</summary>
    public const string Id = "sns_auto_post";

    /// <inheritdoc />
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => poster.RunOnceAsync(cancellationToken);
}
