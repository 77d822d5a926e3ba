using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.IntegrationTests.Telemetry;

/// <summary>
/// The consumer span of a bot update, with the bot's reply queued and sent in its trace; and the span of a job run, with
/// what the job queues and sends in its trace.
/// </summary>
public sealed class UpdateAndJobTraceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_update_is_a_consumer_span_and_the_reply_it_queues_is_sent_in_its_trace()
    {
        var spans = new List<Activity>();
        using var tracing = Tracing(spans);
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling);
        var user = app.CreateUser();

        // /start without a token in an unlinked chat: the bot answers with a one-time code
        await app.DeliveredAsync(await user.PressStartAsync());
        await app.NextMessageAsync(user.ChatId);

        await Eventually.WaitUntilAsync(() => ReplyTrace(spans) is not null, "an update's trace holds its reply's send", Wait);
        var (process, create, send) = ReplyTrace(spans)!.Value;
        process.Kind.ShouldBe(ActivityKind.Consumer);
        process.GetTagItem("messaging.system").ShouldBe("telegram");
        process.GetTagItem("messaging.operation.type").ShouldBe("process");
        process.GetTagItem("snstelegram.update.type").ShouldBe("message");
        process.GetTagItem("snstelegram.update.outcome").ShouldBe("handled");
        create.Kind.ShouldBe(ActivityKind.Producer);
        create.GetTagItem("messaging.operation.name").ShouldBe("reply");
        send.Kind.ShouldBe(ActivityKind.Client);
        send.GetTagItem("snstelegram.delivery.lane").ShouldBe("urgent");
        send.GetTagItem("snstelegram.delivery.outcome").ShouldBe("sent");
    }

    [Fact]
    public async Task A_job_run_is_a_span_and_what_it_queues_is_sent_in_its_trace()
    {
        var spans = new List<Activity>();
        using var tracing = Tracing(spans);
        await using var emulator = await TestEmulator.StartAsync();
        var user = emulator.CreateUser("Mina");
        var services = new ServiceCollection();
        LiveDelivery.AddDelivery(services, emulator).AddJob<NotifyOnceJob>(NotifyOnceJob.Id, JobSchedule.Every(TimeSpan.FromSeconds(1)));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Storage.IChatLinkStore>().LinkAsync(
            new Storage.ChatLink { UserId = "job-user", ChatId = user.ChatId, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: false);
        var dispatcher = provider.GetRequiredService<Delivery.OutboxDispatcher>();
        var scheduler = provider.GetRequiredService<JobSchedulerService>();
        await dispatcher.StartAsync(CancellationToken.None);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await emulator.WaitForMessageAsync(user.ChatId, Wait);
            await Eventually.WaitUntilAsync(() => Named(spans, "send post_success").Any(s => Named(spans, "job " + NotifyOnceJob.Id).Any(j => j.TraceId == s.TraceId)), "the job's send span has ended", Wait);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
            await dispatcher.StopAsync(CancellationToken.None);
        }

        var job = Named(spans, "job " + NotifyOnceJob.Id).First(j => Named(spans, "send post_success").Any(s => s.TraceId == j.TraceId));
        job.GetTagItem("snstelegram.job.id").ShouldBe(NotifyOnceJob.Id);
        job.GetTagItem("snstelegram.job.outcome").ShouldBe("succeeded");
        var create = Named(spans, "create post_success").Single(c => c.TraceId == job.TraceId);
        create.ParentSpanId.ShouldBe(job.SpanId);
        Named(spans, "send post_success").Single(s => s.TraceId == job.TraceId).ParentSpanId.ShouldBe(create.SpanId);
    }

    /// <summary>A job of the host's own that notifies one user of the same post at each run (only the first is queued).</summary>
    internal sealed class NotifyOnceJob(ISnsTelegramNotifier notifier) : IScheduledJob
    {
        public const string Id = "trace_test_job";

        public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            await notifier.NotifyAsync(new PostPublished("job-user", SnsPlatform.Threads, "From a job", "https://example.com/p/job") { PostId = "job-post" }, cancellationToken);
    }

    private static TracerProvider Tracing(List<Activity> spans) =>
        global::OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSnsTelegramInstrumentation().AddInMemoryExporter(spans).Build()!;

    private static List<Activity> Named(List<Activity> spans, string name)
    {
        lock (spans)
        {
            return spans.Where(s => s.DisplayName == name).ToList();
        }
    }

    /// <summary>An update's span, the reply it queued (its child) and that reply's send (the reply's child), when all have ended.</summary>
    private static (Activity Process, Activity Create, Activity Send)? ReplyTrace(List<Activity> spans)
    {
        foreach (var process in Named(spans, "process message"))
        {
            var create = Named(spans, "create bot_reply").FirstOrDefault(c => c.ParentSpanId == process.SpanId);
            var send = create is null ? null : Named(spans, "send bot_reply").FirstOrDefault(s => s.ParentSpanId == create.SpanId);
            if (send is not null)
            {
                return (process, create!, send);
            }
        }

        return null;
    }
}
