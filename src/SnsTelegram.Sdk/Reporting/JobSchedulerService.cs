using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// Runs the jobs' occurrences. One loop keeps every enabled job in a priority queue keyed by its next occurrence and
/// sleeps on a single <see cref="TimeProvider"/> delay until the earliest one (so 1,000 idle jobs cost one timer). A due
/// occurrence is taken through a lease in <see cref="IJobLeaseStore"/>, so instances sharing the store run it once, and
/// runs on its own task in a fresh DI scope; a job never runs twice at once in this process. A running occurrence renews
/// its lease; when a renewal finds the lease lost (another instance took the occurrence over), the run is canceled and
/// left to that instance.
/// </summary>
internal sealed class JobSchedulerService : BackgroundService, IJobScheduler
{
    /// <summary>The longest single sleep; the loop re-reads the clock at least this often (wall-clock corrections).</summary>
    internal static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(5);

    private const int MaxErrorLength = 2000;

    private readonly JobCatalog _catalog;
    private readonly IJobLeaseStore _leases;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly SnsTelegramOptions _options;
    private readonly ILogger<JobSchedulerService> _logger;
    private readonly SchedulingMetrics _metrics;
    private readonly Dictionary<string, JobRuntime> _runtimes;
    private readonly ConcurrentDictionary<Task, bool> _runningTasks = new();
    private readonly Lock _gate = new();
    private bool _loopStarted;
    private CancellationToken _stopping;

    public JobSchedulerService(
        JobCatalog catalog,
        IJobLeaseStore leases,
        IServiceScopeFactory scopes,
        TimeProvider time,
        IOptions<SnsTelegramOptions> options,
        ILogger<JobSchedulerService> logger,
        SchedulingMetrics metrics)
    {
        _catalog = catalog;
        _leases = leases;
        _scopes = scopes;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
        _runtimes = catalog.Jobs.ToDictionary(j => j.Id, j => new JobRuntime(j), StringComparer.Ordinal);
        InstanceId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    public IReadOnlyList<ScheduledJobInfo> Jobs => _catalog.Jobs;

    public string InstanceId { get; }

    public async ValueTask<IReadOnlyList<ScheduledJobStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var result = new List<ScheduledJobStatus>(_catalog.Jobs.Count);
        foreach (var job in _catalog.Jobs)
        {
            var runtime = _runtimes[job.Id];
            var last = await _leases.GetLastRunAsync(job.Id, cancellationToken).ConfigureAwait(false);
            DateTimeOffset? next = null;
            if (job.Enabled)
            {
                next = _loopStarted && _options.Scheduler.Enabled ? runtime.Next : job.Schedule.GetNextOccurrence(now);
            }

            result.Add(new ScheduledJobStatus(job, next, last, runtime.IsRunning));
        }

        return result;
    }

    /// <summary>
    /// Runs the job now, under this minute's manual occurrence (<see cref="ManualOccurrences"/>): the lease store lets one
    /// instance take it, so the same request sent to several instances runs the job once. Returns when the run has started
    /// (or was refused); the run goes on in the background and is recorded like a scheduled one. Works whether or not this
    /// instance's scheduler loop is on.
    /// </summary>
    public async ValueTask<ManualJobRun> RunNowAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!_runtimes.TryGetValue(jobId, out var runtime))
        {
            return new ManualJobRun(ManualJobRunStatus.UnknownJob, null);
        }

        if (!runtime.Job.Enabled)
        {
            return new ManualJobRun(ManualJobRunStatus.Disabled, null);
        }

        var now = _time.GetUtcNow();
        var occurrence = ManualOccurrences.Of(now);
        lock (_gate)
        {
            if (runtime.IsRunning)
            {
                return new ManualJobRun(ManualJobRunStatus.Running, occurrence);
            }

            runtime.IsRunning = true;
        }

        var started = false;
        try
        {
            var leaseDuration = _options.Scheduler.LeaseDuration;
            if (!await _leases.TryAcquireAsync(jobId, occurrence, InstanceId, now, now + leaseDuration, cancellationToken).ConfigureAwait(false))
            {
                Log.OccurrenceTaken(_logger, jobId, occurrence);
                return new ManualJobRun(ManualJobRunStatus.Taken, occurrence);
            }

            var stopping = _stopping;
            var task = Task.Run(
                async () =>
                {
                    try
                    {
                        await RunLeasedAsync(runtime, occurrence, leaseDuration, stopping).ConfigureAwait(false);
                    }
                    finally
                    {
                        lock (_gate)
                        {
                            runtime.IsRunning = false;
                        }
                    }
                },
                CancellationToken.None);
            started = true;
            _runningTasks.TryAdd(task, true);
            _ = task.ContinueWith(t => _runningTasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return new ManualJobRun(ManualJobRunStatus.Started, occurrence);
        }
        finally
        {
            if (!started)
            {
                lock (_gate)
                {
                    runtime.IsRunning = false;
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        foreach (var id in _catalog.UnknownOverrides)
        {
            Log.UnknownJobOverride(_logger, id);
        }

        if (!_options.Scheduler.Enabled)
        {
            Log.SchedulerDisabled(_logger);
            return;
        }

        var queue = new PriorityQueue<JobRuntime, DateTimeOffset>();
        var now = _time.GetUtcNow();
        foreach (var runtime in _runtimes.Values)
        {
            if (!runtime.Job.Enabled)
            {
                if (runtime.Job.MissingService is not null && runtime.Job.Id == BuiltInJobs.DailySummary)
                {
                    Log.DailySummaryNoSource(_logger);
                }
                else
                {
                    Log.JobDisabled(_logger, runtime.Job.Id);
                }

                continue;
            }

            var first = runtime.Job.Schedule.GetNextOccurrence(now);
            if (runtime.Job.MissedRunPolicy == MissedRunPolicy.RunOnce && await FindMissedAsync(runtime.Job, now, stoppingToken).ConfigureAwait(false) is { } missed)
            {
                Log.MissedOccurrence(_logger, runtime.Job.Id, missed);
                first = missed;
            }

            if (first is { } f)
            {
                runtime.Next = f;
                queue.Enqueue(runtime, f);
            }
        }

        _loopStarted = true;
        Log.SchedulerStarted(_logger, InstanceId, queue.Count);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                now = _time.GetUtcNow();
                while (queue.TryPeek(out var runtime, out var due) && due <= now)
                {
                    queue.Dequeue();

                    // When the loop woke late (a paused machine, a clock jump), run only the latest occurrence that is due.
                    var occurrence = CronOccurrences.Latest(runtime.Job.Schedule, due, now) ?? due;
                    Start(runtime, occurrence, stoppingToken);
                    runtime.Next = runtime.Job.Schedule.GetNextOccurrence(occurrence > now ? occurrence : now);
                    if (runtime.Next is { } next)
                    {
                        queue.Enqueue(runtime, next);
                    }
                }

                var wake = queue.TryPeek(out _, out var earliest) ? earliest : DateTimeOffset.MaxValue;
                var delay = wake - now;
                if (delay > MaxSleep)
                {
                    delay = MaxSleep;
                }

                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }

        var running = _runningTasks.Keys.ToArray();
        Log.SchedulerStopping(_logger, running.Length);
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>The latest occurrence after the job's last recorded run, up to now, or null.</summary>
    private async Task<DateTimeOffset?> FindMissedAsync(ScheduledJobInfo job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JobRunRecord? last;
        try
        {
            last = await _leases.GetLastRunAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LeaseStoreFailed(_logger, job.Id, now, ex);
            return null;
        }

        return last is null ? null : CronOccurrences.Latest(job.Schedule, last.Occurrence, now);
    }

    private void Start(JobRuntime runtime, DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            if (runtime.IsRunning)
            {
                Log.OccurrenceSkippedStillRunning(_logger, runtime.Job.Id, occurrence);
                return;
            }

            runtime.IsRunning = true;
        }

        var task = Task.Run(() => RunAsync(runtime, occurrence, stoppingToken), CancellationToken.None);
        _runningTasks.TryAdd(task, true);
        _ = task.ContinueWith(t => _runningTasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(JobRuntime runtime, DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        var jobId = runtime.Job.Id;
        try
        {
            var now = _time.GetUtcNow();
            var leaseDuration = _options.Scheduler.LeaseDuration;
            bool acquired;
            try
            {
                acquired = await _leases.TryAcquireAsync(jobId, occurrence, InstanceId, now, now + leaseDuration, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.LeaseStoreFailed(_logger, jobId, occurrence, ex);
                return;
            }

            if (!acquired)
            {
                Log.OccurrenceTaken(_logger, jobId, occurrence);
                return;
            }

            await RunLeasedAsync(runtime, occurrence, leaseDuration, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                runtime.IsRunning = false;
            }
        }
    }

    private async Task RunLeasedAsync(JobRuntime runtime, DateTimeOffset occurrence, TimeSpan leaseDuration, CancellationToken stoppingToken)
    {
        var jobId = runtime.Job.Id;
        var startedAt = _time.GetUtcNow();
        var timestamp = _time.GetTimestamp();

        // The job's token: canceled by shutdown, or when the lease is lost to another instance.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);

        // Ends the renewals when the run is over (or the host stops waiting for the store).
        using var renewals = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeping = KeepLeaseAsync(jobId, occurrence, leaseDuration, run, renewals.Token);

        // A span per run; what the job queues (each daily report) is its child.
        using var activity = SnsTelegramActivities.StartJob(jobId);
        var outcome = JobOutcome.Succeeded;
        string? error = null;
        Exception? failure = null;
        try
        {
            Log.JobStarting(_logger, jobId, occurrence);
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var job = (IScheduledJob)scope.ServiceProvider.GetRequiredService(runtime.Job.JobType);
                await job.ExecuteAsync(new JobContext(jobId, occurrence, startedAt, scope.ServiceProvider), run.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            outcome = JobOutcome.Canceled;
        }
        catch (Exception ex)
        {
            outcome = JobOutcome.Failed;
            failure = ex;
            error = $"{ex.GetType().Name}: {ex.Message}";
            if (error.Length > MaxErrorLength)
            {
                error = error[..MaxErrorLength];
            }
        }

        await renewals.CancelAsync().ConfigureAwait(false);
        var leaseLost = await keeping.ConfigureAwait(false);
        var duration = _time.GetElapsedTime(timestamp);
        if (leaseLost)
        {
            // The occurrence belongs to the instance that took it over: it records the run and marks the occurrence
            // done. Completing it here would end that instance's lease and overwrite its record.
            Log.JobLeaseLostRunEnded(_logger, jobId, occurrence, duration.TotalMilliseconds);
            _metrics.RecordRun(jobId, JobOutcome.Canceled, duration);
            activity?.SetTag(SnsTelegramActivities.JobOutcome, SchedulingMetrics.OutcomeName(JobOutcome.Canceled));
            return;
        }

        switch (outcome)
        {
            case JobOutcome.Succeeded:
                Log.JobSucceeded(_logger, jobId, occurrence, duration.TotalMilliseconds);
                break;
            case JobOutcome.Failed:
                Log.JobFailed(_logger, jobId, occurrence, duration.TotalMilliseconds, failure!);
                break;
            default:
                Log.JobCanceled(_logger, jobId, occurrence, duration.TotalMilliseconds);
                break;
        }

        _metrics.RecordRun(jobId, outcome, duration);
        activity?.SetTag(SnsTelegramActivities.JobOutcome, SchedulingMetrics.OutcomeName(outcome));
        if (failure is not null)
        {
            SnsTelegramActivities.Failed(activity, failure.GetType().FullName ?? failure.GetType().Name);
        }

        var record = new JobRunRecord(jobId, occurrence, InstanceId, startedAt, duration, outcome, error);
        try
        {
            await _leases.CompleteAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.LeaseStoreFailed(_logger, jobId, occurrence, ex);
        }
    }

    /// <summary>
    /// Renews the occurrence's lease at half the lease duration until <paramref name="cancellationToken"/> is canceled, so no
    /// other instance takes the occurrence over while it runs. When the store answers that the lease is no longer ours,
    /// cancels <paramref name="run"/> and returns true. A failing store is logged and tried again at the next renewal.
    /// </summary>
    private async Task<bool> KeepLeaseAsync(string jobId, DateTimeOffset occurrence, TimeSpan leaseDuration, CancellationTokenSource run, CancellationToken cancellationToken)
    {
        var interval = leaseDuration / 2;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                bool held;
                try
                {
                    held = await _leases.TryAcquireAsync(jobId, occurrence, InstanceId, now, now + leaseDuration, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.LeaseStoreFailed(_logger, jobId, occurrence, ex);
                    continue;
                }

                if (!held)
                {
                    Log.LeaseLost(_logger, jobId, occurrence);
                    await run.CancelAsync().ConfigureAwait(false);
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed class JobRuntime(ScheduledJobInfo job)
    {
        public ScheduledJobInfo Job { get; } = job;

        public DateTimeOffset? Next { get; set; }

        public bool IsRunning { get; set; }
    }
}
