using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>End to end against the Telegram emulator: Telegram-like limits, injected faults, real HTTP, real clock.</summary>
public sealed class DeliveryEmulatorTests
{
    [Fact]
    public async Task Bursts_of_429_server_errors_slow_answers_and_dropped_connections_still_deliver_every_message_once_in_order()
    {
        await using var live = await LiveDelivery.StartAsync();
        var users = Enumerable.Range(0, 10).Select(i => live.Emulator.CreateUser($"User{i}")).ToArray();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            await live.LinkAsync($"u{i}", user.ChatId);
        }

        var faults = live.Emulator.Faults;
        faults.TooManyRequestsNext(3, retryAfterSeconds: 1, method: "sendMessage");
        faults.FailNext(4, 500, "sendMessage");
        faults.FailNext(3, 502, "sendMessage");
        faults.DelayNext(3, TimeSpan.FromSeconds(1.5), "sendMessage");
        faults.DropNext(3, afterProcessing: false, method: "sendMessage");

        var ids = await NotifyAllAsync(live, users.Length, perUser: 4);
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        AssertDeliveredOnceInOrder(live, users, perUser: 4);
        (await Task.WhenAll(ids.Select(id => live.Outbox.GetAsync(id).AsTask()))).ShouldAllBe(m => m!.State == OutboxState.Sent);

        // the only 429s were the injected ones: the dispatcher's own pacing never tripped the emulator's limits
        live.Emulator.Counters.TooManyRequests.ShouldBe(3);
    }

    [Fact]
    public async Task A_dead_Telegram_that_comes_back_gets_every_message_once_in_order()
    {
        await using var live = await LiveDelivery.StartAsync(configure: o => o.Delivery.MaxAttempts = 50);
        var users = Enumerable.Range(0, 5).Select(i => live.Emulator.CreateUser($"User{i}")).ToArray();
        for (var i = 0; i < users.Length; i++)
        {
            await live.LinkAsync($"u{i}", users[i].ChatId);
        }

        live.Emulator.Faults.FailShare(1.0, 503);
        var ids = await NotifyAllAsync(live, users.Length, perUser: 3);
        await live.StartDispatcherAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(live.Emulator.Counters.GetErrors(503) >= 15), "every chat has failed a few times");
        (await live.Outbox.GetAsync(ids[0]))!.State.ShouldBe(OutboxState.Pending);

        live.Emulator.Faults.Reset();
        await live.WaitUntilDoneAsync(ids);

        AssertDeliveredOnceInOrder(live, users, perUser: 3);
        var first = (await live.Outbox.GetAsync(ids[0]))!;
        first.State.ShouldBe(OutboxState.Sent);
        first.Attempts.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_turned_off_and_everyone_else_is_served()
    {
        await using var live = await LiveDelivery.StartAsync();
        var alice = live.Emulator.CreateUser("Alice");
        var bob = live.Emulator.CreateUser("Bob");
        await live.LinkAsync("alice", alice.ChatId);
        await live.LinkAsync("bob", bob.ChatId);
        await bob.BlockAsync();

        var ids = new List<long>();
        foreach (var user in new[] { "alice", "bob" })
        {
            for (var i = 0; i < 2; i++)
            {
                ids.Add((await live.Notifier.NotifyAsync(new TestMessage(user) { IdempotencyKey = $"{user}-{i}" })).OutboxId!.Value);
            }
        }

        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        alice.Messages.Select(m => m.Text).ShouldBe(["test:alice:alice-0", "test:alice:alice-1"]);
        bob.Messages.Where(m => m.FromBot).ShouldBeEmpty();
        var link = (await live.Links.GetAsync("bob"))!;
        link.Enabled.ShouldBeFalse();
        link.DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
        (await live.Outbox.GetAsync(ids[2]))!.State.ShouldBe(OutboxState.DeadLettered);
        (await live.Notifier.NotifyAsync(new TestMessage("bob"))).Status.ShouldBe(NotifyStatus.Disabled);
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_gets_its_messages_at_the_new_id_in_order()
    {
        await using var live = await LiveDelivery.StartAsync();
        var owner = live.Emulator.CreateUser("Owner");
        var group = live.Emulator.CreateGroup("Team");
        await live.LinkAsync("team", group.Id, TelegramChatType.Group);
        var oldId = group.Id;
        var newId = await group.UpgradeToSupergroupAsync(owner);

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await live.Notifier.NotifyAsync(new TestMessage("team") { IdempotencyKey = $"team-{i}" })).OutboxId!.Value);
        }

        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        newId.ShouldNotBe(oldId);
        live.Emulator.GetMessages(newId).Where(m => m.FromBot).Select(m => m.Text).ShouldBe(["test:team:team-0", "test:team:team-1", "test:team:team-2"]);
        (await live.Links.GetAsync("team"))!.ChatId.ShouldBe(newId);
        (await Task.WhenAll(ids.Select(id => live.Outbox.GetAsync(id).AsTask()))).ShouldAllBe(m => m!.State == OutboxState.Sent && m.ChatId == newId);
    }

    [Fact]
    public async Task An_answer_lost_after_Telegram_took_the_message_is_the_one_case_that_repeats_and_nothing_is_lost()
    {
        await using var live = await LiveDelivery.StartAsync();
        var users = Enumerable.Range(0, 4).Select(i => live.Emulator.CreateUser($"User{i}")).ToArray();
        for (var i = 0; i < users.Length; i++)
        {
            await live.LinkAsync($"u{i}", users[i].ChatId);
        }

        live.Emulator.Faults.DropNext(2, afterProcessing: true, method: "sendMessage");
        var ids = await NotifyAllAsync(live, users.Length, perUser: 2);
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync(ids);

        var texts = users.SelectMany(u => u.Messages.Where(m => m.FromBot).Select(m => m.Text)).ToArray();
        texts.Distinct().Count().ShouldBe(8, "nothing is lost");
        (texts.Length - 8).ShouldBe(2, "each lost answer costs exactly one repeat");
    }

    [Fact]
    public async Task NotifyAsync_queues_everything_while_every_Telegram_call_hangs()
    {
        // Every Bot API call takes ten minutes: nothing can be delivered while the test runs.
        await using var live = await LiveDelivery.StartAsync(
            new TelegramEmulatorOptions { Latency = TimeSpan.FromMinutes(10) },
            o => { o.Delivery.RequestTimeout = TimeSpan.FromMinutes(15); o.Delivery.LeaseDuration = TimeSpan.FromMinutes(20); });
        live.ShutdownTimeout = TimeSpan.FromSeconds(1);
        for (var i = 0; i < 30; i++)
        {
            await live.LinkAsync($"u{i}", 1000 + i);
        }

        await live.StartDispatcherAsync();
        await live.Notifier.NotifyAsync(new TestMessage("u0") { IdempotencyKey = "first" });
        await Eventually.WaitUntilAsync(() => Task.FromResult(live.Emulator.Counters.GetCalls("sendMessage") >= 1), "a send is hanging on the wire");

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(n =>
            live.Notifier.NotifyAsync(new TestMessage($"u{n % 30}") { IdempotencyKey = $"n{n}" }).AsTask()));

        results.ShouldAllBe(r => r.Status == NotifyStatus.Queued);
        results.Select(r => r.OutboxId).Distinct().Count().ShouldBe(300);
        (await live.Outbox.GetStatsAsync(DateTimeOffset.MaxValue.AddDays(-1))).Pending.ShouldBe(301);
        live.Emulator.Counters.MessagesSent.ShouldBe(0);
    }

    [Fact]
    public async Task New_metrics_edit_the_published_posts_message_in_place()
    {
        await using var live = await LiveDelivery.StartAsync(configure: o => o.DefaultLanguage = "en", recordingFormatter: false);
        var alice = live.Emulator.CreateUser("Alice");
        await live.LinkAsync("alice", alice.ChatId);
        var post = new PostPublished("alice", SnsPlatform.Instagram, "Spring sale", "https://example.com/p/1", Likes: 10, Comments: 1,
            PublishedAt: new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)) { PostId = "p1" };

        var sent = await live.Notifier.NotifyAsync(post);
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync([sent.OutboxId!.Value]);

        // the same numbers again change nothing: no edit is queued
        (await live.Notifier.UpdateAsync(post)).ShouldBe(new NotifyResult(NotifyStatus.Duplicate, sent.OutboxId));
        var changed = await live.Notifier.UpdateAsync(post with { Likes = 250, Shares = 3 });
        await live.WaitUntilDoneAsync([changed.OutboxId!.Value]);

        // an edit showing what is already shown (another instance may queue one): Telegram answers "message is not
        // modified", which counts as done
        var shown = (await live.Outbox.GetAsync(changed.OutboxId.Value)).ShouldNotBeNull();
        var unchanged = await live.Outbox.EnqueueAsync(shown with { Id = 0, IdempotencyKey = "edit:post_success:p1:again", State = OutboxState.Pending, CompletedAt = null, TelegramMessageId = null });
        await live.WaitUntilDoneAsync([unchanged.Id]);

        var ids = new[] { sent.OutboxId.Value, unchanged.Id, changed.OutboxId.Value };
        (await Task.WhenAll(ids.Select(id => live.Outbox.GetAsync(id).AsTask()))).ShouldAllBe(m => m!.State == OutboxState.Sent);
        var message = live.Emulator.GetMessages(alice.ChatId).Where(m => m.FromBot).ShouldHaveSingleItem();
        message.Text.ShouldContain("Likes: 250 | Comments: 1 | Shares: 3");
        message.EditedAt.ShouldNotBeNull();
        message.Buttons.Select(b => b.Text).ShouldBe(["🔗 View post", "🔕 Mute this type"]);
        message.PreviousVersions.ShouldHaveSingleItem().Text.ShouldContain("Likes: 10 | Comments: 1");
        live.Emulator.Counters.MessagesSent.ShouldBe(1);
        live.Emulator.Counters.GetCalls("editMessageText").ShouldBe(2);
        live.Emulator.Counters.GetErrors(400).ShouldBe(1);

        (await live.Notifier.UpdateAsync(post with { Likes = 250, Shares = 3 })).Status.ShouldBe(NotifyStatus.Duplicate);
        (await live.Notifier.UpdateAsync(post with { PostId = "p2" })).Status.ShouldBe(NotifyStatus.NotFound);
    }

    [Fact]
    public async Task An_edit_of_a_message_the_user_deleted_is_dead_lettered()
    {
        await using var live = await LiveDelivery.StartAsync(recordingFormatter: false);
        var alice = live.Emulator.CreateUser("Alice");
        await live.LinkAsync("alice", alice.ChatId);
        var post = new PostPublished("alice", SnsPlatform.Instagram, "Spring sale", null, Likes: 10) { PostId = "p1" };
        var sent = await live.Notifier.NotifyAsync(post);
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync([sent.OutboxId!.Value]);
        var telegramId = (await live.Outbox.GetAsync(sent.OutboxId.Value))!.TelegramMessageId!.Value;
        await DeleteAsync(live.Emulator, alice.ChatId, telegramId);

        var edit = await live.Notifier.UpdateAsync(post with { Likes = 11 });
        await live.WaitUntilDoneAsync([edit.OutboxId!.Value]);

        var stored = (await live.Outbox.GetAsync(edit.OutboxId.Value))!;
        stored.State.ShouldBe(OutboxState.DeadLettered);
        stored.LastError.ShouldBe("edit_impossible: Bad Request: message to edit not found");
        (await live.Links.GetAsync("alice"))!.Enabled.ShouldBeTrue("a lost message is no reason to turn the link off");
    }

    private static async Task DeleteAsync(TelegramEmulator emulator, long chatId, long messageId)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"{emulator.BaseUrl}/bot{emulator.BotToken}/deleteMessage?chat_id={chatId}&message_id={messageId}"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<long>> NotifyAllAsync(LiveDelivery live, int users, int perUser)
    {
        var ids = new List<long>();
        for (var i = 0; i < perUser; i++)
        {
            for (var u = 0; u < users; u++)
            {
                var result = await live.Notifier.NotifyAsync(new TestMessage($"u{u}") { IdempotencyKey = $"u{u}-m{i}" });
                result.Status.ShouldBe(NotifyStatus.Queued);
                ids.Add(result.OutboxId!.Value);
            }
        }

        return ids;
    }

    private static void AssertDeliveredOnceInOrder(LiveDelivery live, EmulatedUser[] users, int perUser)
    {
        for (var u = 0; u < users.Length; u++)
        {
            var index = u;
            users[u].Messages.Where(m => m.FromBot).Select(m => m.Text)
                .ShouldBe(Enumerable.Range(0, perUser).Select(i => $"test:u{index}:u{index}-m{i}"), $"user {u} gets each message once, in order");
        }
    }
}
