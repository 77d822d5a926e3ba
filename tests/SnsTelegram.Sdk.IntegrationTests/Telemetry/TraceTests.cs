using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.OpenTelemetry;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Telemetry;

/// <summary>
/// The library's spans as an app exports them (OpenTelemetry's SDK with the in-memory exporter), against the emulator:
/// each send attempt is a child of the span that queued the message, through the context stored in the outbox, even when
/// another host sends it from the same SQLite file; and no span carries a chat id or the bot token.
/// </summary>
public sealed class TraceTests
{
    /// <summary>The test's own source: its root span stands for the app's work that sends the notification (an HTTP request).</summary>
    private static readonly ActivitySource App = new("SnsTelegram.IntegrationTests.App");

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_send_after_a_restart_is_a_child_of_the_enqueue_span_in_the_same_trace()
    {
        var spans = new List<Activity>();
        using var tracing = Tracing(spans);
        using var file = new SqliteTestFile();
        await using var emulator = await TestEmulator.StartAsync();
        var user = emulator.CreateUser("Mina");
        ActivityTraceId traceId;

        // the first host queues the message and stops before anything is sent
        await using (var first = Host(emulator, file, delivery: false))
        {
            await first.GetRequiredService<IChatLinkStore>().LinkAsync(Link("trace-user", user.ChatId), exclusiveChat: false);
            using var request = App.StartActivity("POST /posts/42/publish", ActivityKind.Server).ShouldNotBeNull();
            traceId = request.TraceId;
            var result = await first.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(Published("trace-user"));
            result.Status.ShouldBe(NotifyStatus.Queued);
        }

        emulator.GetMessages(user.ChatId).ShouldBeEmpty();

        // the second host, over the same file, sends it
        await using (var second = Host(emulator, file, delivery: true))
        {
            await second.GetRequiredService<OutboxDispatcher>().StartAsync(CancellationToken.None);
            await emulator.WaitForMessageAsync(user.ChatId, Wait);
            await Eventually.WaitUntilAsync(() => Completed(spans, traceId, "send post_success").Count == 1, "the send span has ended", Wait);
            await second.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);
        }

        var enqueue = Completed(spans, traceId, "create post_success").ShouldHaveSingleItem();
        var send = Completed(spans, traceId, "send post_success").ShouldHaveSingleItem();
        enqueue.Kind.ShouldBe(ActivityKind.Producer);
        enqueue.ParentSpanId.ShouldBe(Completed(spans, traceId, "POST /posts/42/publish").ShouldHaveSingleItem().SpanId);
        send.Kind.ShouldBe(ActivityKind.Client);
        send.TraceId.ShouldBe(traceId);
        send.ParentSpanId.ShouldBe(enqueue.SpanId);
        Tag(enqueue, "messaging.system").ShouldBe("telegram");
        Tag(enqueue, "messaging.operation.type").ShouldBe("create");
        Tag(enqueue, "snstelegram.notify.status").ShouldBe("queued");
        Tag(send, "messaging.system").ShouldBe("telegram");
        Tag(send, "messaging.operation.type").ShouldBe("send");
        Tag(send, "messaging.destination.kind").ShouldBe("private");
        Tag(send, "snstelegram.message.type").ShouldBe("post_success");
        Tag(send, "snstelegram.delivery.attempt").ShouldBe(1);
        Tag(send, "snstelegram.delivery.outcome").ShouldBe("sent");
        Tag(send, "messaging.message.id").ShouldBe(Tag(enqueue, "messaging.message.id"));
        send.Status.ShouldBe(ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task A_retry_is_a_second_send_span_under_the_same_enqueue_span()
    {
        var spans = new List<Activity>();
        using var tracing = Tracing(spans);
        await using var delivery = await LiveDelivery.StartAsync();
        var user = delivery.Emulator.CreateUser("Mina");
        await delivery.LinkAsync("retry-user", user.ChatId);
        delivery.Emulator.Faults.FailNext(1, statusCode: 502, method: "sendMessage");
        ActivityTraceId traceId;
        NotifyResult result;
        using (var request = App.StartActivity("POST /posts/7/publish", ActivityKind.Server).ShouldNotBeNull())
        {
            traceId = request.TraceId;
            result = await delivery.Notifier.NotifyAsync(Published("retry-user"));
        }

        await delivery.StartDispatcherAsync();
        await delivery.WaitUntilDoneAsync([result.OutboxId!.Value]);
        await Eventually.WaitUntilAsync(() => Completed(spans, traceId, "send post_success").Count == 2, "both send spans have ended", Wait);

        var enqueue = Completed(spans, traceId, "create post_success").ShouldHaveSingleItem();
        var sends = Completed(spans, traceId, "send post_success").OrderBy(s => s.StartTimeUtc).ToList();
        sends.ShouldAllBe(s => s.ParentSpanId == enqueue.SpanId);
        Tag(sends[0], "snstelegram.delivery.attempt").ShouldBe(1);
        Tag(sends[0], "snstelegram.delivery.outcome").ShouldBe("failed");
        Tag(sends[0], "error.type").ShouldBe("transient");
        sends[0].Status.ShouldBe(ActivityStatusCode.Error);
        Tag(sends[1], "snstelegram.delivery.attempt").ShouldBe(2);
        Tag(sends[1], "snstelegram.delivery.outcome").ShouldBe("sent");
        sends[1].Status.ShouldBe(ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task No_span_carries_a_chat_id_message_text_or_the_bot_token_not_even_the_Bot_API_requests()
    {
        var spans = new List<Activity>();

        // System.Net.Http: the Bot API requests, whose path carries the token, are in the trace too
        using var tracing = Tracing(spans, "System.Net.Http");
        await using var delivery = await LiveDelivery.StartAsync(recordingFormatter: false);
        var user = delivery.Emulator.CreateUser("Mina");
        var group = delivery.Emulator.CreateGroup("Launch team");
        await delivery.LinkAsync("secret-user", user.ChatId);
        await delivery.LinkAsync("group-user", group.Id, TelegramChatType.Group);
        delivery.Emulator.Faults.FailNext(1, statusCode: 500, method: "sendMessage");
        ActivityTraceId traceId;
        var ids = new List<long>();
        using (var request = App.StartActivity("POST /posts/publish", ActivityKind.Server).ShouldNotBeNull())
        {
            traceId = request.TraceId;
            ids.Add((await delivery.Notifier.NotifyAsync(Published("secret-user"))).OutboxId!.Value);
            ids.Add((await delivery.Notifier.NotifyAsync(Published("group-user", "p-2"))).OutboxId!.Value);
            (await delivery.Notifier.NotifyAsync(Published("nobody"))).Status.ShouldBe(NotifyStatus.NotLinked);
        }

        await delivery.StartDispatcherAsync();
        await delivery.WaitUntilDoneAsync(ids);
        await Eventually.WaitUntilAsync(() => Completed(spans, traceId, "send post_success").Count >= 3, "the send spans have ended", Wait);

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var http = trace.Where(s => s.Source.Name == "System.Net.Http").ToList();
        http.ShouldNotBeEmpty("the Bot API requests are spans of the trace");
        http.ShouldAllBe(s => s.ParentSpanId != default && trace.Any(p => p.SpanId == s.ParentSpanId && p.DisplayName == "send post_success"));
        http.ShouldContain(s => (Tag(s, "url.full") as string ?? "").Contains(BotTokenRedactingProcessor.Mask, StringComparison.Ordinal));

        string[] secrets =
        [
            delivery.Emulator.BotToken,
            delivery.Emulator.BotToken.Split(':')[1],
            user.ChatId.ToString(CultureInfo.InvariantCulture),
            group.Id.ToString(CultureInfo.InvariantCulture),
            "Launch day!",
        ];
        foreach (var span in trace)
        {
            var texts = span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Append(span.DisplayName)
                .Append(span.StatusDescription ?? "");
            foreach (var text in texts)
            {
                foreach (var secret in secrets)
                {
                    text.ShouldNotContain(secret, Case.Sensitive, $"span '{span.DisplayName}' ({span.Source.Name})");
                }
            }
        }
    }

    [Fact]
    public async Task A_request_to_the_app_is_one_connected_tree_down_to_the_sendMessage_call()
    {
        var spans = new List<Activity>();
        using var tracing = Tracing(spans, "Microsoft.AspNetCore", "System.Net.Http");
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling);
        var user = app.CreateUser();
        await app.LinkAsync("tree-user", user);
        ActivityTraceId traceId;

        // the caller's span: its HTTP client sends the traceparent header, so the app's request span continues its trace
        using (var caller = App.StartActivity("test client", ActivityKind.Internal).ShouldNotBeNull())
        {
            traceId = caller.TraceId;
            (await app.PostAsync("send-test-message", "tree-user")).Status.ShouldBe(HttpStatusCode.OK);
        }

        await Eventually.WaitUntilAsync(
            () => Completed(spans, traceId, "send test").Count == 1 && Trace(spans, traceId).Count(s => s.Kind == ActivityKind.Server) == 2,
            "the app's request, the emulator's and the send's spans have ended",
            Wait);
        var trace = Trace(spans, traceId);
        var root = trace.Single(s => s.DisplayName == "test client");
        trace.Where(s => s != root).ShouldAllBe(s => trace.Any(p => p.SpanId == s.ParentSpanId), "every span's parent is in the trace");

        // test client → POST (its HTTP client) → the app's request → create test → send test → POST sendMessage → the emulator's request
        var request = trace.Single(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == root.SpanId);
        var server = trace.Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId == request.SpanId);
        var create = Completed(spans, traceId, "create test").ShouldHaveSingleItem();
        var send = Completed(spans, traceId, "send test").ShouldHaveSingleItem();
        var call = trace.Single(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == send.SpanId);
        create.ParentSpanId.ShouldBe(server.SpanId);
        send.ParentSpanId.ShouldBe(create.SpanId);
        (Tag(call, "url.full") as string).ShouldNotBeNull().ShouldEndWith("/bot" + BotTokenRedactingProcessor.Mask + "/sendMessage");
        trace.ShouldContain(s => s.Kind == ActivityKind.Server && s.ParentSpanId == call.SpanId, "the emulator's side of the call continues the trace");
    }

    // shaped like a real bot token (digits, a colon, 35 characters), made here so that no token-shaped text is in the source
    private static readonly string Token = "123456789:" + "AA" + new string('x', 33);

    [Fact]
    public void The_processor_masks_token_shaped_text_and_leaves_the_rest()
    {
        BotTokenRedactingProcessor.Redact($"https://api.telegram.org/bot{Token}/sendMessage")
            .ShouldBe("https://api.telegram.org/bot<redacted>/sendMessage");
        BotTokenRedactingProcessor.Redact($"/bot{Token.Replace(":", "%3A", StringComparison.Ordinal)}/getMe").ShouldBe("/bot<redacted>/getMe");
        const string plain = "send post_success";
        BotTokenRedactingProcessor.Redact(plain).ShouldBeSameAs(plain);
        Should.Throw<ArgumentNullException>(() => BotTokenRedactingProcessor.Redact(null!));
    }

    private static TracerProvider Tracing(List<Activity> spans, params string[] moreSources) =>
        global::OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(App.Name)
            .AddSource(moreSources)
            .AddSnsTelegramInstrumentation()
            .AddInMemoryExporter(spans)
            .Build()!;

    private static List<Activity> Trace(List<Activity> spans, ActivityTraceId traceId)
    {
        lock (spans)
        {
            return spans.Where(s => s.TraceId == traceId).ToList();
        }
    }

    /// <summary>The ended spans of <paramref name="traceId"/> named <paramref name="name"/> (other tests run in parallel).</summary>
    private static List<Activity> Completed(List<Activity> spans, ActivityTraceId traceId, string name)
    {
        lock (spans)
        {
            return spans.Where(s => s.TraceId == traceId && s.DisplayName == name).ToList();
        }
    }

    private static object? Tag(Activity span, string key) => span.GetTagItem(key);

    private static PostPublished Published(string userId, string postId = "p-1") =>
        new(userId, SnsPlatform.Instagram, "Launch day!", "https://example.com/p/1", 12, 3, DateTimeOffset.UnixEpoch) { PostId = postId };

    private static ChatLink Link(string userId, long chatId) =>
        new() { UserId = userId, ChatId = chatId, ChatType = TelegramChatType.Private, LinkedAt = DateTimeOffset.UnixEpoch };

    /// <summary>A host's services over the SQLite file; its dispatcher is started by the caller, when it should send.</summary>
    private static ServiceProvider Host(TelegramEmulator emulator, SqliteTestFile file, bool delivery)
    {
        var services = new ServiceCollection();
        LiveDelivery.AddDelivery(services, emulator, o => o.Delivery.Enabled = delivery).UseSqlite(file.ConnectionString);
        return services.BuildServiceProvider();
    }
}
