using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>
/// Delivery events end to end: the app on Kestrel with a SQLite file and the emulator, posting its events to a receiver
/// on 127.0.0.1 that checks the signatures with its own HMAC code; and the in-code handlers.
/// </summary>
public sealed class EventWebhookTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_user_who_blocks_the_bot_produces_a_signed_link_disabled_event_at_the_apps_webhook()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var app = await StartAsync(secret);
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);
        await app.DeliveredAsync(await user.BlockAsync());

        var disabled = await ReceivedAsync(app, SnsTelegramEventTypes.LinkDisabled);
        disabled.IsSignedWith(secret).ShouldBeTrue("the signature verifies with the receiver's own HMAC code");
        disabled.IsSignedWith(WebhookReceiver.NewSecret()).ShouldBeFalse();
        disabled.Signatures.Count.ShouldBe(1);
        disabled.Id.ShouldStartWith("evt_");
        disabled.Json.GetProperty("id").GetString().ShouldBe(disabled.Id);
        Math.Abs(long.Parse(disabled.Timestamp, System.Globalization.CultureInfo.InvariantCulture) - app.Time.GetUtcNow().ToUnixTimeSeconds()).ShouldBeLessThan(120);
        disabled.ContentType.ShouldStartWith("application/json");
        disabled.Data.GetProperty("user_id").GetString().ShouldBe("user-1");
        disabled.Data.GetProperty("reason").GetString().ShouldBe("bot_blocked");
        disabled.Data.TryGetProperty("chat_id", out _).ShouldBeFalse("chat ids are left out unless IncludeContent is on");
        disabled.Body.ShouldNotContain(user.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var created = _receiver.Accepted.Single(r => r.Type == SnsTelegramEventTypes.LinkCreated);
        created.IsSignedWith(secret).ShouldBeTrue();
        created.Data.GetProperty("reason").GetString().ShouldBe("deep_link");

        // a body changed on the way no longer verifies
        (disabled with { Body = disabled.Body.Replace("user-1", "user-2", StringComparison.Ordinal) }).IsSignedWith(secret).ShouldBeFalse();
    }

    [Fact]
    public async Task During_a_rotation_every_request_carries_two_signatures_and_each_verifies()
    {
        var oldSecret = WebhookReceiver.NewSecret();
        var newSecret = WebhookReceiver.NewSecret();
        await using var app = await StartAsync(oldSecret, newSecret);
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);

        var created = await ReceivedAsync(app, SnsTelegramEventTypes.LinkCreated);
        created.Signatures.Count.ShouldBe(2);
        created.Signature.ShouldMatch("^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$");
        created.IsSignedWith(oldSecret).ShouldBeTrue();
        created.IsSignedWith(newSecret).ShouldBeTrue();

        // each signature on its own verifies with one of the secrets
        (created with { Signature = "v1," + created.Signatures[0] }).IsSignedWith(oldSecret).ShouldBeTrue();
        (created with { Signature = "v1," + created.Signatures[1] }).IsSignedWith(newSecret).ShouldBeTrue();
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_try()
    {
        _receiver.Answer = n => n <= 3 ? 500 : 200;
        await using var app = await StartAsync(WebhookReceiver.NewSecret());
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);

        var created = await ReceivedAsync(app, SnsTelegramEventTypes.LinkCreated);
        var tries = _receiver.Requests.Where(r => r.Id == created.Id).ToList();
        tries.Select(r => r.Status).ShouldBe([500, 500, 500, 200]);
        tries.Select(r => r.Body).Distinct().Count().ShouldBe(1, "every try posts the same body under the same webhook-id");

        var stored = await app.App.Services.GetRequiredService<IEventDeliveryStore>().GetAsync(created.Id);
        stored.ShouldNotBeNull();
        stored.State.ShouldBe(EventDeliveryState.Delivered);
        stored.Attempts.ShouldBe(3);
        stored.LastError.ShouldBe("HTTP 500");
    }

    [Fact]
    public async Task A_queued_event_survives_a_restart_on_the_same_SQLite_file()
    {
        var directory = Directory.CreateTempSubdirectory("sns-telegram-events-").FullName;
        var database = $"Data Source={Path.Combine(directory, "events.db")}";
        try
        {
            _receiver.Answer = _ => 503;
            string id;
            await using (var before = await StartAsync([WebhookReceiver.NewSecret()], maxAttempts: 8, database))
            {
                await before.LinkAsync("user-1", before.CreateUser());
                var store = before.App.Services.GetRequiredService<IEventDeliveryStore>();
                string? seen = null;
                await WaitAdvancingAsync(before, async () =>
                {
                    seen ??= _receiver.Requests.FirstOrDefault(r => r.Type == SnsTelegramEventTypes.LinkCreated)?.Id;
                    return seen is not null && (await store.GetAsync(seen))?.Attempts >= 1;
                }, "link.created was refused once and put back in the queue");
                id = seen!;
            }

            // the app is gone; the receiver is back; a new instance on the same file posts the event it finds
            _receiver.Answer = _ => 200;
            await using var after = await StartAsync([WebhookReceiver.NewSecret()], maxAttempts: 8, database);
            await WaitAdvancingAsync(after, () => Task.FromResult(_receiver.Accepted.Any(r => r.Id == id)), "the event queued before the restart arrived");
            (await after.App.Services.GetRequiredService<IEventDeliveryStore>().GetAsync(id))!.State.ShouldBe(EventDeliveryState.Delivered);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_event_is_dead_lettered_after_MaxAttempts()
    {
        _receiver.Answer = _ => 503;
        await using var app = await StartAsync([WebhookReceiver.NewSecret()], maxAttempts: 3);
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);

        var store = app.App.Services.GetRequiredService<IEventDeliveryStore>();
        string? id = null;
        await WaitAdvancingAsync(app, async () =>
        {
            id ??= _receiver.Requests.FirstOrDefault(r => r.Type == SnsTelegramEventTypes.LinkCreated)?.Id;
            return id is not null && (await store.GetAsync(id))?.State == EventDeliveryState.DeadLettered;
        }, "link.created is dead-lettered");

        var dead = await store.GetAsync(id!);
        dead!.Attempts.ShouldBe(3);
        dead.LastError.ShouldBe("HTTP 503");

        // no further try, however long we wait
        for (var i = 0; i < 20; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        _receiver.Requests.Count(r => r.Id == id).ShouldBe(3);
    }

    [Fact]
    public async Task An_in_code_handler_sees_message_sent_failed_and_dead_lettered()
    {
        var recorder = new EventRecorder();
        await using var app = await TelegramTestApp.StartAsync(
            TelegramUpdateMode.Webhook,
            o => o.Delivery.MaxAttempts = 2,
            extend: b =>
            {
                b.Services.AddSingleton(recorder);
                b.AddEventHandler<RecordingHandler>();
            });
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);
        await app.NextMessageAsync(user.ChatId);
        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();

        (await notifier.NotifyAsync(new PostPublished("user-1", SnsPlatform.Instagram, "hello", "https://example.com/p/1"))).Status.ShouldBe(NotifyStatus.Queued);
        await app.NextMessageAsync(user.ChatId);
        var sent = await recorder.WaitForAsync(e => e.Type == SnsTelegramEventTypes.MessageSent && e.NotificationType == NotificationTypes.PostSuccess);
        sent.UserId.ShouldBe("user-1");
        sent.OutboxId.ShouldNotBeNull();
        sent.IdempotencyKey.ShouldNotBeNullOrEmpty();
        sent.QueuedAt.ShouldNotBeNull();
        sent.ChatId.ShouldBeNull();
        sent.Text.ShouldBeNull();
        var outbox = app.App.Services.GetRequiredService<IOutboxStore>();
        (await outbox.GetAsync(sent.OutboxId!.Value))!.State.ShouldBe(OutboxState.Sent, "the handler is called after the outcome is stored");

        app.Emulator.Faults.FailNext(2, 502, "sendMessage");
        await notifier.NotifyAsync(new PostPublished("user-1", SnsPlatform.Instagram, "refused", "https://example.com/p/2"));
        var failed = await recorder.WaitForAsync(e => e.Type == SnsTelegramEventTypes.MessageFailed);
        failed.AttemptCount.ShouldBe(1);
        failed.NextAttemptAt.ShouldNotBeNull();
        await WaitAdvancingAsync(app, () => Task.FromResult(recorder.Events.Any(e => e.Type == SnsTelegramEventTypes.MessageDeadLettered)), "the message is dead-lettered");
        var dead = recorder.Events.Single(e => e.Type == SnsTelegramEventTypes.MessageDeadLettered);
        dead.Reason.ShouldBe("max_attempts");
        dead.OutboxId.ShouldBe(failed.OutboxId);
        dead.UserId.ShouldBe("user-1");
        (await outbox.GetAsync(dead.OutboxId!.Value))!.State.ShouldBe(OutboxState.DeadLettered);
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_stop_delivery_or_the_other_handlers()
    {
        var recorder = new EventRecorder();
        await using var app = await TelegramTestApp.StartAsync(
            TelegramUpdateMode.Webhook,
            extend: b =>
            {
                b.Services.AddSingleton(recorder);
                b.AddEventHandler<ThrowingHandler>();
                b.AddEventHandler<RecordingHandler>();
            });
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);
        await app.NextMessageAsync(user.ChatId);

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        for (var i = 0; i < 3; i++)
        {
            await notifier.NotifyAsync(new PostPublished("user-1", SnsPlatform.Instagram, $"post {i}", $"https://example.com/p/{i}"));
        }

        for (var i = 0; i < 3; i++)
        {
            (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain($"post {i}");
        }

        await Eventually.WaitUntilAsync(
            () => recorder.Events.Count(e => e.Type == SnsTelegramEventTypes.MessageSent && e.NotificationType == NotificationTypes.PostSuccess) == 3,
            "the recording handler saw the three sends", TelegramTestApp.Wait);
        ThrowingHandler.Calls.ShouldBeGreaterThanOrEqualTo(3);
        (await app.App.Services.GetRequiredService<IOutboxStore>().GetStatsAsync(DateTimeOffset.MaxValue)).DeadLettered.ShouldBe(0);
    }

    [Fact]
    public async Task Link_events_follow_a_group_upgrade_and_an_unlink_and_carry_chat_ids_only_when_content_is_included()
    {
        var recorder = new EventRecorder();
        await using var app = await TelegramTestApp.StartAsync(
            TelegramUpdateMode.Webhook,
            o => o.Events.IncludeContent = true,
            extend: b =>
            {
                b.Services.AddSingleton(recorder);
                b.AddEventHandler<RecordingHandler>();
            });
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team");
        group.SetMember(alice, EmulatedMemberStatus.Creator);
        group.SetMember(bob, EmulatedMemberStatus.Administrator);
        await app.DeliveredAsync(await group.SendTextAsync(alice, $"/start@{TelegramTestApp.BotUsername} {await app.LinkTokenAsync("alice")}"));
        await app.DeliveredAsync(await group.SendTextAsync(bob, $"/start@{TelegramTestApp.BotUsername} {await app.LinkTokenAsync("bob")}"));
        var oldId = group.Id;
        await Eventually.WaitUntilAsync(() => app.Emulator.GetMessages(oldId).Count(m => m.FromBot) == 2, "the bot confirms both links", TelegramTestApp.Wait);

        var created = await recorder.WaitForAsync(e => e.Type == SnsTelegramEventTypes.LinkCreated && e.UserId == "alice");
        created.ChatId.ShouldBe(oldId);
        created.Reason.ShouldBe("deep_link");
        await app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(
            new PostPublished("alice", SnsPlatform.Instagram, "team post", "https://example.com/p/9"));
        var sent = await recorder.WaitForAsync(e => e.Type == SnsTelegramEventTypes.MessageSent);
        sent.UserId.ShouldBe("alice");
        sent.ChatId.ShouldBe(oldId);
        sent.Text!.ShouldContain("team post", customMessage: "IncludeContent carries the text sent");
        recorder.Events.ShouldNotContain(e => e.NotificationType == NotificationTypes.BotReply, "the bot's replies raise no events");

        var newId = await group.UpgradeToSupergroupAsync(alice);
        await app.Emulator.WaitForAllDeliveredAsync(TelegramTestApp.Wait);
        await Eventually.WaitUntilAsync(
            () => recorder.Events.Count(e => e.Type == SnsTelegramEventTypes.LinkMigrated) == 2, "both links raised link.migrated", TelegramTestApp.Wait);
        var migrated = recorder.Events.Where(e => e.Type == SnsTelegramEventTypes.LinkMigrated).ToList();
        migrated.Select(e => e.UserId).ShouldBe(["alice", "bob"], ignoreOrder: true);
        migrated.ShouldAllBe(e => e.ChatId == newId && e.PreviousChatId == oldId);

        (await app.PostAsync("unlink-account", "bob")).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        var removed = await recorder.WaitForAsync(e => e.Type == SnsTelegramEventTypes.LinkRemoved);
        removed.UserId.ShouldBe("bob");
        removed.Reason.ShouldBe("unlinked");
        removed.ChatId.ShouldBe(newId);
    }

    private async Task<TelegramTestApp> StartAsync(params string[] secrets) => await StartAsync(secrets, maxAttempts: 8);

    private async Task<TelegramTestApp> StartAsync(string[] secrets, int maxAttempts, string? sqlite = null) =>
        await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, storage: sqlite is null ? null : b => b.UseSqlite(sqlite), configure: o =>
        {
            o.Events.Webhook.Url = _receiver.Url;
            foreach (var secret in secrets)
            {
                o.Events.Webhook.Secrets.Add(secret);
            }

            o.Events.Webhook.MaxAttempts = maxAttempts;
            o.Events.Webhook.RetryBaseDelay = TimeSpan.FromSeconds(1);
        });

    /// <summary>Waits until the receiver accepted an event of <paramref name="type"/>, moving the app's clock so retries come due.</summary>
    private async Task<WebhookReceiver.Received> ReceivedAsync(TelegramTestApp app, string type)
    {
        await WaitAdvancingAsync(app, () => Task.FromResult(_receiver.Accepted.Any(r => r.Type == type)), $"the receiver accepted {type}");
        return _receiver.Accepted.First(r => r.Type == type);
    }

    private static Task WaitAdvancingAsync(TelegramTestApp app, Func<Task<bool>> condition, string because) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromMilliseconds(200));
                return await condition();
            },
            because,
            TelegramTestApp.Wait);

    internal sealed class EventRecorder
    {
        public ConcurrentQueue<SnsTelegramEvent> Events { get; } = new();

        public async Task<SnsTelegramEvent> WaitForAsync(Func<SnsTelegramEvent, bool> match)
        {
            await Eventually.WaitUntilAsync(() => Events.Any(match), "the handler saw the event", TelegramTestApp.Wait);
            return Events.First(match);
        }
    }

    internal sealed class RecordingHandler(EventRecorder recorder) : ISnsTelegramEventHandler
    {
        public ValueTask HandleAsync(SnsTelegramEvent @event, CancellationToken cancellationToken)
        {
            recorder.Events.Enqueue(@event);
            return ValueTask.CompletedTask;
        }
    }

    internal sealed class ThrowingHandler : ISnsTelegramEventHandler
    {
        private static int _calls;

        public static int Calls => Volatile.Read(ref _calls);

        public ValueTask HandleAsync(SnsTelegramEvent @event, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("the app's handler is broken");
        }
    }
}
