using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>Stores that several app instances share (as a database would be shared).</summary>
internal sealed class SharedStores
{
    public InMemoryChatLinkStore Links { get; } = new();

    public InMemoryOutboxStore Outbox { get; } = new();

    public InMemoryJobLeaseStore Leases { get; } = new();
}

/// <summary>One app instance: the library registered with a fake clock, a recording notifier and a scripted activity source.</summary>
internal sealed class SchedulingHarness : IAsyncDisposable
{
    public const string Token = "123456:TEST-fake-token-for-unit-tests-only";

    private bool _loopStarted;

    public SchedulingHarness(
        FakeTimeProvider time,
        SharedStores? stores = null,
        Action<SnsTelegramOptions>? configure = null,
        Action<ISnsTelegramBuilder>? build = null,
        ScriptedActivitySource? activity = null,
        bool withActivitySource = true,
        Action<ISnsTelegramBuilder>? storage = null)
    {
        Time = time;
        Stores = stores ?? new SharedStores();
        Activity = activity ?? new ScriptedActivitySource();
        Notifier = new RecordingNotifier(Stores.Outbox, Stores.Links, time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        if (storage is null)
        {
            services.AddSingleton<IChatLinkStore>(Stores.Links);
            services.AddSingleton<IOutboxStore>(Stores.Outbox);
            services.AddSingleton<IJobLeaseStore>(Stores.Leases);
            services.AddSingleton<ISnsTelegramNotifier>(Notifier);
        }

        services.AddSingleton(JobLog);
        services.AddLogging(logging => logging.AddFakeLogging());
        var builder = services.AddSnsTelegram(o =>
        {
            o.BotToken = Token;
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
            configure?.Invoke(o);
        });
        if (storage is not null)
        {
            // The real stores and the library's own notifier, as an app would run.
            storage(builder);
        }

        if (withActivitySource)
        {
            services.AddSingleton(Activity);
            builder.AddPostActivitySource<ScriptedActivitySourceProxy>();
        }

        build?.Invoke(builder);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; }

    public SharedStores Stores { get; }

    public ScriptedActivitySource Activity { get; }

    public RecordingNotifier Notifier { get; }

    public JobLog JobLog { get; } = new();

    public ServiceProvider Provider { get; }

    public JobSchedulerService Scheduler => Provider.GetRequiredService<JobSchedulerService>();

    /// <summary>What the library logged.</summary>
    public FakeLogCollector Logs => Provider.GetFakeLogCollector();

    public async Task<DailySummaryRunResult> RunDailyAsync(DateTimeOffset? lastRunAt = null)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DailySummaryJob>().RunAsync(lastRunAt, CancellationToken.None);
    }

    public async Task StartAsync()
    {
        await Scheduler.StartAsync(CancellationToken.None);
        await SettleAsync();
    }

    /// <summary>
    /// Waits until this instance has dealt with everything due at the clock's current time: its loop has started (it logged
    /// that it started or is turned off), every enabled job's next occurrence lies ahead and no job runs. The loop moves a
    /// job's next occurrence on only after it started the due run, and a run ends after its record is stored.
    /// </summary>
    public Task SettleAsync() => Eventually.WaitUntilAsync(
        async () =>
        {
            _loopStarted = _loopStarted || Logs.GetSnapshot().Any(r => r.Id.Name is "SchedulerStarted" or "SchedulerDisabled");
            if (!_loopStarted)
            {
                return false;
            }

            var now = Time.GetUtcNow();
            return (await Scheduler.GetStatusAsync()).All(s => !s.IsRunning && (!s.Job.Enabled || s.NextOccurrence is not { } next || next > now));
        },
        "the scheduler to run everything due");

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

/// <summary>Advances several instances' shared clock and waits until every instance has nothing due.</summary>
internal static class Clock
{
    public static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by, params SchedulingHarness[] instances)
    {
        time.Advance(by);
        foreach (var instance in instances)
        {
            await instance.SettleAsync();
        }
    }

    /// <summary>Walks minute by minute (each instance settles after every step).</summary>
    public static async Task WalkAsync(FakeTimeProvider time, TimeSpan duration, TimeSpan step, params SchedulingHarness[] instances)
    {
        for (var walked = TimeSpan.Zero; walked < duration; walked += step)
        {
            await AdvanceAsync(time, step, instances);
        }
    }
}

/// <summary>A stand-in for the delivery notifier: enqueues into the real outbox by idempotency key and records what happened.</summary>
internal sealed class RecordingNotifier(IOutboxStore outbox, IChatLinkStore links, TimeProvider time) : ISnsTelegramNotifier
{
    public ConcurrentQueue<(DateTimeOffset At, SnsNotification Notification, NotifyStatus Status)> Calls { get; } = new();

    /// <summary>When set, returns an exception to throw for a notification (before anything is enqueued).</summary>
    public Func<SnsNotification, Exception?>? Fail { get; set; }

    public IEnumerable<DailySummary> Queued =>
        Calls.Where(c => c.Status == NotifyStatus.Queued).Select(c => c.Notification).OfType<DailySummary>();

    public async ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default)
    {
        if (Fail?.Invoke(notification) is { } error)
        {
            throw error;
        }

        var link = await links.GetAsync(notification.UserId, cancellationToken);
        if (link is null)
        {
            Calls.Enqueue((time.GetUtcNow(), notification, NotifyStatus.NotLinked));
            return new NotifyResult(NotifyStatus.NotLinked);
        }

        var now = time.GetUtcNow();
        var result = await outbox.EnqueueAsync(
            new OutboxMessage
            {
                IdempotencyKey = notification.IdempotencyKey ?? Guid.NewGuid().ToString("N"),
                UserId = notification.UserId,
                ChatId = link.ChatId,
                NotificationType = notification.Type,
                Message = new TelegramMessage("report"),
                CreatedAt = now,
                DueAt = now,
            },
            cancellationToken);
        var status = result.Enqueued ? NotifyStatus.Queued : NotifyStatus.Duplicate;
        Calls.Enqueue((now, notification, status));
        return new NotifyResult(status, result.Id);
    }

    public ValueTask<NotifyResult> NotifyAsync(string type, string userId, JsonElement payload, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scheduler tests only send typed notifications.");

    public ValueTask<NotifyResult> UpdateAsync(SnsNotification notification, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scheduler tests never edit messages.");
}

/// <summary>Post activity held in memory; records every query.</summary>
internal sealed class ScriptedActivitySource : IPostActivitySource
{
    private readonly List<PostActivity> _activity = [];

    public ConcurrentQueue<(string[] Users, DateTimeOffset From, DateTimeOffset To)> Queries { get; } = new();

    public void Add(params PostActivity[] activity)
    {
        lock (_activity)
        {
            _activity.AddRange(activity);
        }
    }

    /// <summary>Three posts on every local date of a user: at local midnight, at noon and one second before the next midnight.</summary>
    public static void AddDailyPosts(ScriptedActivitySource source, string userId, string zoneId, DateOnly from, DateOnly to)
    {
        var zone = Zones.Get(zoneId);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            foreach (var local in new[] { d.ToDateTime(TimeOnly.MinValue), d.ToDateTime(new TimeOnly(12, 0)), d.ToDateTime(new TimeOnly(23, 59, 59)) })
            {
                var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
                source.Add(new PostActivity(userId, SnsPlatform.Instagram, PostOutcome.Succeeded, at, Likes: d.Day));
            }
        }
    }

    public async IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Queries.Enqueue((userIds.ToArray(), fromUtc, toUtc));
        var users = userIds.ToHashSet(StringComparer.Ordinal);
        PostActivity[] snapshot;
        lock (_activity)
        {
            snapshot = [.. _activity];
        }

        await Task.Yield();
        foreach (var a in snapshot)
        {
            if (users.Contains(a.UserId) && a.At >= fromUtc && a.At < toUtc)
            {
                yield return a;
            }
        }
    }
}

/// <summary>The scoped registration the host would make; forwards to the shared scripted source.</summary>
internal sealed class ScriptedActivitySourceProxy(ScriptedActivitySource inner) : IPostActivitySource
{
    public IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default) =>
        inner.GetActivityAsync(userIds, fromUtc, toUtc, cancellationToken);
}

/// <summary>What test jobs did, shared by every run (jobs themselves are scoped).</summary>
internal sealed class JobLog
{
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<(string JobId, DateTimeOffset Occurrence, DateTimeOffset StartedAt)> Runs { get; } = new();

    /// <summary>Runs of <see cref="BlockingJob"/> whose token was canceled while they waited.</summary>
    public ConcurrentQueue<(string JobId, DateTimeOffset Occurrence)> Canceled { get; } = new();

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    /// <summary>Runs of <see cref="BlockingJob"/> wait for this.</summary>
    public TaskCompletionSource Release { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many runs of <see cref="FlakyJob"/> throw before they start succeeding.</summary>
    public int FailuresLeft;

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        return new Exit(this);
    }

    private sealed class Exit(JobLog log) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref log._running);
    }
}

internal sealed class CountingJob(JobLog log) : IScheduledJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        using var _ = log.Enter();
        log.Runs.Enqueue((context.JobId, context.Occurrence, context.StartedAt));
        return Task.CompletedTask;
    }
}

internal sealed class FlakyJob(JobLog log) : IScheduledJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        log.Runs.Enqueue((context.JobId, context.Occurrence, context.StartedAt));
        if (Interlocked.Decrement(ref log.FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("boom");
        }

        return Task.CompletedTask;
    }
}

internal sealed class BlockingJob(JobLog log) : IScheduledJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        using var _ = log.Enter();
        log.Runs.Enqueue((context.JobId, context.Occurrence, context.StartedAt));
        try
        {
            await log.Release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Canceled.Enqueue((context.JobId, context.Occurrence));
            throw;
        }
    }
}

internal static class Zones
{
    public static TimeZoneInfo Get(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
