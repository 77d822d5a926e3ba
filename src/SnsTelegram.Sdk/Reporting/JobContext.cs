namespace SnsTelegram.Sdk.Reporting;

/// <summary>What a job knows about the occurrence it runs.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Occurrence">The scheduled instant (UTC) being run.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Services">The scope's services.</param>
public sealed record JobContext(string JobId, DateTimeOffset Occurrence, DateTimeOffset StartedAt, IServiceProvider Services);
