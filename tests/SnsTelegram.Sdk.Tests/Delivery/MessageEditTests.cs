using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary><see cref="ISnsTelegramNotifier.UpdateAsync"/> and the dispatcher's edits, with the scripted gateway.</summary>
public sealed class MessageEditTests
{
    private static readonly PostPublished Post = new("u", SnsPlatform.Instagram, "Spring sale", "https://example.com/p/1", Likes: 10, Comments: 1, PublishedAt: DeliveryHarness.Start)
    {
        PostId = "p1",
    };

    [Fact]
    public async Task UpdateAsync_queues_an_edit_of_the_message_sent_for_the_same_post()
    {
        await using var h = DeliveryHarness.Create(o => o.DefaultLanguage = "en");
        await h.LinkAsync("u", 5);
        var original = await h.Notifier.NotifyAsync(Post);

        // the user relinks to another chat: the edit still goes to the chat that has the message
        await h.LinkAsync("u", 6);
        var result = await h.Notifier.UpdateAsync(Post with { Likes = 250, Shares = 3 });

        result.Status.ShouldBe(NotifyStatus.Queued);
        result.OutboxId.ShouldNotBeNull().ShouldBeGreaterThan(original.OutboxId!.Value);
        var edit = await h.MessageAsync(result.OutboxId.Value);
        edit.EditOf.ShouldBe("post_success:p1");
        edit.IdempotencyKey.ShouldMatch("^edit:post_success:p1:[0-9a-f]{16}:0$");
        edit.ChatId.ShouldBe(5);
        edit.NotificationType.ShouldBe(NotificationTypes.PostSuccess);
        edit.Message.Text.ShouldContain("Likes: 250 | Comments: 1 | Shares: 3");
        (await h.MessageAsync(original.OutboxId.Value)).Message.Text.ShouldContain("Likes: 10 | Comments: 1");
    }

    [Fact]
    public async Task The_same_content_is_one_edit_and_new_content_another()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 5);
        await h.Notifier.NotifyAsync(Post);

        var first = await h.Notifier.UpdateAsync(Post with { Likes = 11 });
        var again = await h.Notifier.UpdateAsync(Post with { Likes = 11 });
        var other = await h.Notifier.UpdateAsync(Post with { Likes = 12 });

        first.Status.ShouldBe(NotifyStatus.Queued);
        again.ShouldBe(new NotifyResult(NotifyStatus.Duplicate, first.OutboxId));
        other.Status.ShouldBe(NotifyStatus.Queued);
        other.OutboxId.ShouldNotBe(first.OutboxId);
        (await h.Outbox.FindLatestEditAsync("post_success:p1")).ShouldNotBeNull().Id.ShouldBe(other.OutboxId!.Value);
    }

    [Fact]
    public async Task Content_that_comes_back_after_another_change_is_a_new_edit_and_the_originals_content_is_no_edit()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 5);
        var original = await h.Notifier.NotifyAsync(Post);

        // likes 10 (the original) -> 10: nothing to change
        (await h.Notifier.UpdateAsync(Post)).ShouldBe(new NotifyResult(NotifyStatus.Duplicate, original.OutboxId));

        // 10 -> 11 -> 10 -> 11: every step changes what the user sees
        var up = await h.Notifier.UpdateAsync(Post with { Likes = 11 });
        var down = await h.Notifier.UpdateAsync(Post with { Likes = 10 });
        var upAgain = await h.Notifier.UpdateAsync(Post with { Likes = 11 });
        new[] { up, down, upAgain }.ShouldAllBe(r => r.Status == NotifyStatus.Queued);
        new[] { up.OutboxId, down.OutboxId, upAgain.OutboxId }.Distinct().Count().ShouldBe(3);
        (await h.MessageAsync(down.OutboxId!.Value)).Message.Text.ShouldContain("10");

        // delivered in order, the user ends with 11 likes shown
        await h.StartAsync();
        await h.WaitForStateAsync(upAgain.OutboxId!.Value, OutboxState.Sent);
        (await h.MessageAsync(upAgain.OutboxId.Value)).Message.Text.ShouldBe((await h.MessageAsync(up.OutboxId!.Value)).Message.Text);
    }

    [Fact]
    public async Task UpdateAsync_answers_NotFound_NotLinked_Disabled_and_Muted_without_queueing()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 5);
        await h.LinkAsync("off", 6, l => l with { Enabled = false, DisabledReason = ChatLinkDisabledReasons.StoppedByUser });
        await h.LinkAsync("muted", 7, l => l with { MutedTypes = new HashSet<string> { NotificationTypes.PostSuccess } });

        (await h.Notifier.UpdateAsync(Post with { PostId = "never-sent" })).ShouldBe(new NotifyResult(NotifyStatus.NotFound));
        (await h.Notifier.UpdateAsync(Post with { PostId = null })).ShouldBe(new NotifyResult(NotifyStatus.NotFound));
        (await h.Notifier.UpdateAsync(new TestMessage("u"))).ShouldBe(new NotifyResult(NotifyStatus.NotFound));
        (await h.Notifier.UpdateAsync(Post with { UserId = "nobody" })).ShouldBe(new NotifyResult(NotifyStatus.NotLinked));
        (await h.Notifier.UpdateAsync(Post with { UserId = "off" })).ShouldBe(new NotifyResult(NotifyStatus.Disabled));
        (await h.Notifier.UpdateAsync(Post with { UserId = "muted" })).ShouldBe(new NotifyResult(NotifyStatus.Muted));
        (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending.ShouldBe(0);

        await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.UpdateAsync(Post with { UserId = " " }));
        await Should.ThrowAsync<ArgumentNullException>(async () => await h.Notifier.UpdateAsync(null!));
    }

    [Fact]
    public async Task A_purged_original_is_NotFound_and_the_callers_own_key_finds_its_message()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 5);
        var own = await h.Notifier.NotifyAsync(new TestMessage("u") { IdempotencyKey = "mine" });
        await h.Notifier.NotifyAsync(Post);
        // found by the caller's key; the same content changes nothing
        (await h.Notifier.UpdateAsync(new TestMessage("u") { IdempotencyKey = "mine" })).ShouldBe(new NotifyResult(NotifyStatus.Duplicate, own.OutboxId));

        var lease = (await h.Outbox.LeaseAsync(10, DeliveryHarness.Start, TimeSpan.FromMinutes(1))).ShouldHaveSingleItem();
        lease.Message.Id.ShouldBe(own.OutboxId!.Value);
        await h.Outbox.MarkSentAsync(lease.Message.Id, lease.LeaseId, DeliveryHarness.Start, 1);
        var post = (await h.Outbox.LeaseAsync(10, DeliveryHarness.Start, TimeSpan.FromMinutes(1))).ShouldHaveSingleItem();
        await h.Outbox.MarkSentAsync(post.Message.Id, post.LeaseId, DeliveryHarness.Start, 2);
        await h.Outbox.PurgeAsync(DeliveryHarness.Start.AddDays(1));

        (await h.Notifier.UpdateAsync(Post with { Likes = 99 })).ShouldBe(new NotifyResult(NotifyStatus.NotFound));
    }

    [Fact]
    public async Task The_dispatcher_edits_the_sent_message_after_sending_it_and_counts_the_edit()
    {
        await using var h = DeliveryHarness.Create(o => o.DefaultLanguage = "en");
        using var sent = Collector(h, "snstelegram.messages.sent");
        await h.LinkAsync("u", 5);
        var original = await h.Notifier.NotifyAsync(Post);
        var edit = await h.Notifier.UpdateAsync(Post with { Likes = 20 });
        await h.StartAsync();

        await h.WaitForStateAsync(edit.OutboxId!.Value, OutboxState.Sent);

        var telegramId = (await h.MessageAsync(original.OutboxId!.Value)).TelegramMessageId.ShouldNotBeNull();
        h.Gateway.Delivered.ShouldHaveSingleItem().Text.ShouldContain("Likes: 10");
        var (chat, messageId, message) = h.Gateway.Edits.ShouldHaveSingleItem();
        chat.ShouldBe(5);
        messageId.ShouldBe(telegramId);
        message.Text.ShouldContain("Likes: 20");
        message.Buttons.ShouldNotBeNull().Count.ShouldBe(2);
        (await h.MessageAsync(edit.OutboxId.Value)).TelegramMessageId.ShouldBe(telegramId);
        await Eventually.WaitUntilAsync(() => Task.FromResult(sent.GetMeasurementSnapshot().Count == 2), "the send and the edit are counted");
        sent.GetMeasurementSnapshot().Select(m => (string?)m.Tags["kind"]).ShouldBe(["send", "edit"], ignoreOrder: true);
    }

    [Fact]
    public async Task Of_several_waiting_edits_of_one_message_only_the_newest_is_sent()
    {
        await using var h = DeliveryHarness.Create(o => o.DefaultLanguage = "en");
        using var sent = Collector(h, "snstelegram.messages.sent");
        await h.LinkAsync("u", 5);
        var original = await h.Notifier.NotifyAsync(Post);
        var edits = new List<long>();
        foreach (var likes in new[] { 11, 12, 13 })
        {
            edits.Add((await h.Notifier.UpdateAsync(Post with { Likes = likes })).OutboxId!.Value);
        }

        await h.StartAsync();
        foreach (var id in edits)
        {
            await h.WaitForStateAsync(id, OutboxState.Sent);
        }

        var telegramId = (await h.MessageAsync(original.OutboxId!.Value)).TelegramMessageId;
        h.Gateway.Edits.ShouldHaveSingleItem().Message.Text.ShouldContain("Likes: 13");
        foreach (var id in edits)
        {
            (await h.MessageAsync(id)).TelegramMessageId.ShouldBe(telegramId);
        }

        // a later update is not held back by the ones already done
        var later = (await h.Notifier.UpdateAsync(Post with { Likes = 14 })).OutboxId!.Value;
        await h.WaitForStateAsync(later, OutboxState.Sent);
        h.Gateway.Edits.Count.ShouldBe(2);
        await Eventually.WaitUntilAsync(() => Task.FromResult(sent.GetMeasurementSnapshot().Count == 3), "the send and the two edits made are counted");
        sent.GetMeasurementSnapshot().Count(m => (string?)m.Tags["kind"] == "edit").ShouldBe(2);
    }

    [Fact]
    public async Task An_edit_waits_while_its_original_is_pending_without_counting_an_attempt()
    {
        await using var h = DeliveryHarness.Create();

        // the original is due in a minute in chat 1; the edit sits in another chat's queue (as after a group migration)
        await h.Outbox.EnqueueAsync(Stored("orig", 1, DeliveryHarness.Start.AddMinutes(1)));
        var edit = await h.Outbox.EnqueueAsync(Stored("edit:orig:1", 2, DeliveryHarness.Start) with { EditOf = "orig" });
        await h.StartAsync();

        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(edit.Id)).LastError is not null, "the edit is put back");
        var waiting = await h.MessageAsync(edit.Id);
        waiting.State.ShouldBe(OutboxState.Pending);
        waiting.Attempts.ShouldBe(0);
        waiting.DueAt.ShouldBe(DeliveryHarness.Start + OutboxDispatcher.EditWait);
        h.Gateway.Edits.ShouldBeEmpty();

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var original = await h.Outbox.FindByKeyAsync("orig");
        await h.WaitForStateAsync(original!.Id, OutboxState.Sent);

        // The edit, due again too, went out after its original, or was put back once more while the original was on the wire.
        await Eventually.WaitUntilAsync(
            async () => await h.MessageAsync(edit.Id) is { } e && (e.State == OutboxState.Sent || e.DueAt > DeliveryHarness.Start.AddMinutes(1)),
            "the edit is sent or put back again");
        if ((await h.MessageAsync(edit.Id)).State != OutboxState.Sent)
        {
            (await h.MessageAsync(edit.Id)).DueAt.ShouldBe(DeliveryHarness.Start.AddMinutes(1) + OutboxDispatcher.EditWait);
            h.Time.Advance(OutboxDispatcher.EditWait);
        }

        await h.WaitForStateAsync(edit.Id, OutboxState.Sent);

        var (chat, messageId, _) = h.Gateway.Edits.ShouldHaveSingleItem();
        chat.ShouldBe(1, "the edit goes to the chat of the message it edits");
        messageId.ShouldBe((await h.MessageAsync(original.Id)).TelegramMessageId!.Value);
        (await h.MessageAsync(edit.Id)).Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task An_edit_of_a_dead_lettered_or_missing_message_is_dead_lettered_without_calling_Telegram()
    {
        await using var h = DeliveryHarness.Create();
        using var dead = Collector(h, "snstelegram.messages.dead_lettered");
        await h.LinkAsync("u", 5);
        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.Rejected, "Bad Request: can't parse entities") { IsFormatterBug = true };
        await h.Notifier.NotifyAsync(Post);
        var edit = await h.Notifier.UpdateAsync(Post with { Likes = 20 });
        var orphan = await h.Outbox.EnqueueAsync(Stored("edit:gone:1", 9, DeliveryHarness.Start) with { EditOf = "gone" });
        await h.StartAsync();

        await h.WaitForStateAsync(edit.OutboxId!.Value, OutboxState.DeadLettered);
        await h.WaitForStateAsync(orphan.Id, OutboxState.DeadLettered);

        (await h.MessageAsync(edit.OutboxId.Value)).LastError.ShouldNotBeNull().ShouldStartWith("original_dead_lettered");
        (await h.MessageAsync(orphan.Id)).LastError.ShouldNotBeNull().ShouldStartWith("original_missing");
        h.Gateway.Edits.ShouldBeEmpty();
        await Eventually.WaitUntilAsync(() => Task.FromResult(dead.GetMeasurementSnapshot().Count == 3), "three dead letters are counted");
        dead.GetMeasurementSnapshot().Select(m => (string?)m.Tags["reason"]).ShouldBe(["invalid_message", "original_dead_lettered", "original_missing"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_failed_edit_is_retried_and_one_Telegram_can_no_longer_make_is_dead_lettered()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.RetryBaseDelay = TimeSpan.FromSeconds(10));
        await h.LinkAsync("u", 5);
        h.Gateway.EditScript = (_, n) => n == 1
            ? new SendOutcome(SendOutcomeKind.Transient, "HTTP 500")
            : new SendOutcome(SendOutcomeKind.Rejected, "Bad Request: message to edit not found") { EditImpossible = true };
        await h.Notifier.NotifyAsync(Post);
        var edit = (await h.Notifier.UpdateAsync(Post with { Likes = 20 })).OutboxId!.Value;
        await h.StartAsync();

        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(edit)).Attempts == 1, "the failure is recorded");
        (await h.MessageAsync(edit)).State.ShouldBe(OutboxState.Pending);
        h.Time.Advance(TimeSpan.FromSeconds(11));

        await h.WaitForStateAsync(edit, OutboxState.DeadLettered);
        (await h.MessageAsync(edit)).LastError.ShouldBe("edit_impossible: Bad Request: message to edit not found");
        h.Gateway.Edits.Count.ShouldBe(2);
        h.Gateway.Delivered.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_429_on_an_edit_waits_retry_after_without_counting_an_attempt()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 5);
        h.Gateway.EditScript = (_, n) => n == 1 ? new SendOutcome(SendOutcomeKind.RateLimited, "Too Many Requests") { RetryAfter = TimeSpan.FromSeconds(20) } : null;
        await h.Notifier.NotifyAsync(Post);
        var edit = (await h.Notifier.UpdateAsync(Post with { Likes = 20 })).OutboxId!.Value;
        await h.StartAsync();

        await Eventually.WaitUntilAsync(async () => (await h.MessageAsync(edit)).LastError is not null, "the 429 is recorded");
        var waiting = await h.MessageAsync(edit);
        waiting.Attempts.ShouldBe(0);
        waiting.DueAt.ShouldBe(DeliveryHarness.Start + TimeSpan.FromSeconds(20));

        h.Time.Advance(TimeSpan.FromSeconds(21));
        await h.WaitForStateAsync(edit, OutboxState.Sent);
        h.Gateway.Edits.Count.ShouldBe(2);
    }

    private static OutboxMessage Stored(string key, long chat, DateTimeOffset due) => new()
    {
        IdempotencyKey = key,
        UserId = "u",
        ChatId = chat,
        NotificationType = NotificationTypes.PostSuccess,
        Message = new TelegramMessage(key),
        CreatedAt = DeliveryHarness.Start,
        DueAt = due,
    };

    private static MetricCollector<long> Collector(DeliveryHarness h, string name)
    {
        var factory = h.Services.GetRequiredService<IMeterFactory>();
        _ = h.Services.GetRequiredService<DeliveryMetrics>();
        return new MetricCollector<long>(factory, SnsTelegramDiagnostics.Name, name);
    }
}
