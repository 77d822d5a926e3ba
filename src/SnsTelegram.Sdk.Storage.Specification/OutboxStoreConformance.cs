using System.Collections.Concurrent;

namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>The behaviour every <see cref="IOutboxStore"/> provider must have: idempotent enqueue, leases with per-chat order, lease-checked marks, reschedule, dead letter, redirect, stats, purge, and the operator's query, counts, resend, discard and delivery pause.</summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class OutboxStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IOutboxStore CreateStore();

    private static OutboxMessage Message(string key, long chat, DateTimeOffset? due = null, string text = "hello") => new()
    {
        IdempotencyKey = key,
        UserId = $"user-of-{chat}",
        ChatId = chat,
        NotificationType = NotificationTypes.PostSuccess,
        Message = new TelegramMessage(text),
        CreatedAt = T0,
        DueAt = due ?? T0,
    };

    /// <summary>Enqueue assigns increasing ids and keeps the message.</summary>
    [Fact]
    public async Task Enqueue_assigns_increasing_ids_and_keeps_the_message()
    {
        var store = CreateStore();
        var rich = Message("k-1", -1001) with
        {
            ChatType = TelegramChatType.Supergroup,
            NotificationType = NotificationTypes.DailySummary,
            Message = new TelegramMessage("<b>Report</b> & \"quotes\" 한국어 🎉")
            {
                ParseMode = TelegramParseMode.None,
                LinkPreview = true,
                LinkPreviewUrl = "https://example.com/posts/1?a=b&c=d",
                LinkPreviewAboveText = true,
                Silent = true,
                Buttons =
                [
                    [TelegramButton.Link("Open", "https://example.com/posts/1?a=b&c=d"), TelegramButton.Callback("Retry", "retry:post-1")],
                    [TelegramButton.Callback("Mute", "mute:post_success")],
                ],
            },
            CreatedAt = T0.AddTicks(12345),
            DueAt = T0.AddMinutes(1),
        };

        var first = await store.EnqueueAsync(rich);
        var second = await store.EnqueueAsync(Message("k-2", 5));

        first.Enqueued.ShouldBeTrue();
        second.Enqueued.ShouldBeTrue();
        second.Id.ShouldBeGreaterThan(first.Id);
        first.Id.ShouldBeGreaterThan(0);

        var stored = (await CreateStore().GetAsync(first.Id)).ShouldNotBeNull();
        stored.Id.ShouldBe(first.Id);
        stored.IdempotencyKey.ShouldBe("k-1");
        stored.UserId.ShouldBe("user-of--1001");
        stored.ChatId.ShouldBe(-1001);
        stored.ChatType.ShouldBe(TelegramChatType.Supergroup);
        stored.NotificationType.ShouldBe(NotificationTypes.DailySummary);
        stored.CreatedAt.ShouldBe(rich.CreatedAt);
        stored.DueAt.ShouldBe(rich.DueAt);
        stored.State.ShouldBe(OutboxState.Pending);
        stored.Attempts.ShouldBe(0);
        stored.LastError.ShouldBeNull();
        stored.CompletedAt.ShouldBeNull();
        stored.TelegramMessageId.ShouldBeNull();
        stored.Lane.ShouldBe(DeliveryLane.Normal);
        stored.Message.Text.ShouldBe(rich.Message.Text);
        stored.Message.ParseMode.ShouldBe(TelegramParseMode.None);
        stored.Message.LinkPreview.ShouldBeTrue();
        stored.Message.LinkPreviewUrl.ShouldBe("https://example.com/posts/1?a=b&c=d");
        stored.Message.LinkPreviewAboveText.ShouldBeTrue();
        stored.Message.Silent.ShouldBeTrue();
        var rows = stored.Message.Buttons.ShouldNotBeNull();
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(rich.Message.Buttons![0]);
        rows[1].ShouldBe(rich.Message.Buttons![1]);

        (await store.FindByKeyAsync("k-1"))!.Id.ShouldBe(first.Id);
        (await store.FindByKeyAsync("nope")).ShouldBeNull();
        (await store.GetAsync(987654)).ShouldBeNull();
        (await store.GetAsync(second.Id))!.Message.Buttons.ShouldBeNull();
    }

    /// <summary>An edit keeps the key of the message it edits through leases and marks.</summary>
    [Fact]
    public async Task An_edit_keeps_the_key_of_the_message_it_edits_through_leases_and_marks()
    {
        var store = CreateStore();
        var original = await store.EnqueueAsync(Message("post_success:p1", 9));
        var edit = await store.EnqueueAsync(Message("edit:post_success:p1:0123456789abcdef", 9, text: "likes: 2") with { EditOf = "post_success:p1" });

        (await CreateStore().GetAsync(original.Id)).ShouldNotBeNull().EditOf.ShouldBeNull();
        (await CreateStore().FindByKeyAsync("edit:post_success:p1:0123456789abcdef")).ShouldNotBeNull().EditOf.ShouldBe("post_success:p1");

        // the edit waits behind its original in the chat's queue
        var first = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        first.Message.Id.ShouldBe(original.Id);
        (await store.MarkSentAsync(first.Message.Id, first.LeaseId, T0, 501)).ShouldBeTrue();
        var second = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        second.Message.Id.ShouldBe(edit.Id);
        second.Message.EditOf.ShouldBe("post_success:p1");
        (await store.MarkSentAsync(second.Message.Id, second.LeaseId, T0, 501)).ShouldBeTrue();

        var sent = (await CreateStore().GetAsync(edit.Id)).ShouldNotBeNull();
        sent.State.ShouldBe(OutboxState.Sent);
        sent.EditOf.ShouldBe("post_success:p1");
        sent.Message.Text.ShouldBe("likes: 2");
    }

    /// <summary>The latest edit of a message is the newest one enqueued for its key.</summary>
    [Fact]
    public async Task The_latest_edit_of_a_message_is_the_newest_one_enqueued_for_its_key()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Message("post_success:p1", 9));
        (await store.FindLatestEditAsync("post_success:p1")).ShouldBeNull();

        await store.EnqueueAsync(Message("edit:a", 9) with { EditOf = "post_success:p1" });
        await store.EnqueueAsync(Message("edit:other", 8) with { EditOf = "post_success:p2" });
        var newest = await store.EnqueueAsync(Message("edit:b", 9) with { EditOf = "post_success:p1" });
        await store.EnqueueAsync(Message("edit:a", 9) with { EditOf = "post_success:p1" }); // a duplicate changes nothing

        (await CreateStore().FindLatestEditAsync("post_success:p1")).ShouldNotBeNull().Id.ShouldBe(newest.Id);
        (await CreateStore().FindLatestEditAsync("post_success:p2")).ShouldNotBeNull().IdempotencyKey.ShouldBe("edit:other");
        (await CreateStore().FindLatestEditAsync("post_success:none")).ShouldBeNull();
    }

    /// <summary>The trace context a message was queued with is kept through leases and reads, and none stays none.</summary>
    [Fact]
    public async Task The_trace_context_is_kept_with_the_message()
    {
        var store = CreateStore();
        const string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        const string state = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
        var traced = await store.EnqueueAsync(Message("traced", 5) with { TraceParent = parent, TraceState = state });
        var untraced = await store.EnqueueAsync(Message("untraced", 6));

        var read = (await CreateStore().GetAsync(traced.Id)).ShouldNotBeNull();
        read.TraceParent.ShouldBe(parent);
        read.TraceState.ShouldBe(state);
        var leases = await CreateStore().LeaseAsync(10, T0, Lease);
        leases.Single(l => l.Message.Id == traced.Id).Message.TraceParent.ShouldBe(parent);
        leases.Single(l => l.Message.Id == traced.Id).Message.TraceState.ShouldBe(state);
        leases.Single(l => l.Message.Id == untraced.Id).Message.TraceParent.ShouldBeNull();
        leases.Single(l => l.Message.Id == untraced.Id).Message.TraceState.ShouldBeNull();
        (await CreateStore().FindByKeyAsync("traced")).ShouldNotBeNull().TraceParent.ShouldBe(parent);

        await Should.ThrowAsync<ArgumentException>(async () =>
            await store.EnqueueAsync(Message("too-long", 7) with { TraceParent = new string('0', StoreArguments.MaxTraceParentLength + 1) }));
        await Should.ThrowAsync<ArgumentException>(async () =>
            await store.EnqueueAsync(Message("too-long-state", 7) with { TraceState = new string('a', StoreArguments.MaxTraceStateLength + 1) }));
    }

    /// <summary>The platform a message is about is kept through leases and reads; none stays none; an empty or too long one is refused.</summary>
    [Fact]
    public async Task The_platform_is_kept_with_the_message()
    {
        var store = CreateStore();
        var about = await store.EnqueueAsync(Message("about-instagram", 5) with { Platform = "instagram" });
        var none = await store.EnqueueAsync(Message("about-nothing", 6));

        (await CreateStore().GetAsync(about.Id)).ShouldNotBeNull().Platform.ShouldBe("instagram");
        (await CreateStore().FindByKeyAsync("about-instagram")).ShouldNotBeNull().Platform.ShouldBe("instagram");
        var leases = await CreateStore().LeaseAsync(10, T0, Lease);
        leases.Single(l => l.Message.Id == about.Id).Message.Platform.ShouldBe("instagram");
        leases.Single(l => l.Message.Id == none.Id).Message.Platform.ShouldBeNull();

        await Should.ThrowAsync<ArgumentException>(async () => await store.EnqueueAsync(Message("empty-platform", 7) with { Platform = string.Empty }));
        await Should.ThrowAsync<ArgumentException>(async () =>
            await store.EnqueueAsync(Message("long-platform", 7) with { Platform = new string('p', StoreArguments.MaxPlatformLength + 1) }));
    }

    /// <summary>A photo is kept by URL or by file id.</summary>
    [Fact]
    public async Task A_photo_is_kept_by_URL_or_by_file_id()
    {
        var store = CreateStore();
        var byUrl = await store.EnqueueAsync(Message("photo-url", 3, text: "<b>caption</b>") with
        {
            Message = new TelegramMessage("<b>caption</b>") { Photo = TelegramPhoto.FromUrl("https://cdn.example.com/a.png?x=1&y=2") },
        });
        var byId = await store.EnqueueAsync(Message("photo-id", 4) with { Message = new TelegramMessage("c") { Photo = TelegramPhoto.FromFileId("AgACAgQAAxk-_1") } });

        (await CreateStore().GetAsync(byUrl.Id)).ShouldNotBeNull().Message.Photo.ShouldBe(TelegramPhoto.FromUrl("https://cdn.example.com/a.png?x=1&y=2"));
        (await CreateStore().GetAsync(byId.Id)).ShouldNotBeNull().Message.Photo.ShouldBe(TelegramPhoto.FromFileId("AgACAgQAAxk-_1"));
        (await CreateStore().FindByKeyAsync("photo-url")).ShouldNotBeNull().Message.Text.ShouldBe("<b>caption</b>");
    }

    /// <summary>Enqueue is idempotent by key.</summary>
    [Fact]
    public async Task Enqueue_is_idempotent_by_key()
    {
        var store = CreateStore();
        var first = await store.EnqueueAsync(Message("post:1", 5, text: "first"));
        var again = await CreateStore().EnqueueAsync(Message("post:1", 6, text: "second"));
        again.Enqueued.ShouldBeFalse();
        again.Id.ShouldBe(first.Id);
        (await store.GetAsync(first.Id))!.Message.Text.ShouldBe("first");
        (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
    }

    /// <summary>A list is enqueued as one enqueue after another: one result per message in list order, ids increasing, each message kept.</summary>
    [Fact]
    public async Task EnqueueMany_answers_each_message_in_order_with_increasing_ids()
    {
        var store = CreateStore();
        var before = await store.EnqueueAsync(Message("before", 1));
        OutboxMessage[] list =
        [
            Message("m-0", 10, text: "zero") with { Lane = DeliveryLane.Bulk, TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            Message("m-1", 11, due: T0.AddMinutes(5), text: "one") with { ChatType = TelegramChatType.Group },
            Message("m-2", 12, text: "two <b>&</b> 한국어"),
        ];

        var results = await store.EnqueueManyAsync(list);

        results.Count.ShouldBe(3);
        results.ShouldAllBe(r => r.Enqueued);
        results[0].Id.ShouldBeGreaterThan(before.Id);
        results[1].Id.ShouldBeGreaterThan(results[0].Id);
        results[2].Id.ShouldBeGreaterThan(results[1].Id);
        for (var i = 0; i < list.Length; i++)
        {
            var stored = (await CreateStore().GetAsync(results[i].Id)).ShouldNotBeNull();
            stored.IdempotencyKey.ShouldBe(list[i].IdempotencyKey);
            stored.ChatId.ShouldBe(list[i].ChatId);
            stored.ChatType.ShouldBe(list[i].ChatType);
            stored.Lane.ShouldBe(list[i].Lane);
            stored.DueAt.ShouldBe(list[i].DueAt);
            stored.Message.Text.ShouldBe(list[i].Message.Text);
            stored.TraceParent.ShouldBe(list[i].TraceParent);
            stored.State.ShouldBe(OutboxState.Pending);
        }

        (await CreateStore().GetStatsAsync(T0)).Pending.ShouldBe(4);
    }

    /// <summary>
    /// A key already in the store, or met earlier in the same list, adds nothing and answers the id of the message that
    /// holds it; the first message with a key is the one kept.
    /// </summary>
    [Fact]
    public async Task EnqueueMany_honours_keys_in_the_store_and_within_the_list()
    {
        var store = CreateStore();
        var existing = await store.EnqueueAsync(Message("old", 1, text: "stored before"));

        var results = await CreateStore().EnqueueManyAsync(
        [
            Message("new", 2, text: "first copy"),
            Message("old", 3, text: "again"),
            Message("new", 4, text: "second copy"),
            Message("other", 2),
            Message("old", 5, text: "and again"),
        ]);

        results.ShouldBe(
        [
            new OutboxEnqueueResult(true, results[0].Id),
            new OutboxEnqueueResult(false, existing.Id),
            new OutboxEnqueueResult(false, results[0].Id),
            new OutboxEnqueueResult(true, results[3].Id),
            new OutboxEnqueueResult(false, existing.Id),
        ]);
        results[3].Id.ShouldBeGreaterThan(results[0].Id);
        (await store.FindByKeyAsync("new")).ShouldNotBeNull().Message.Text.ShouldBe("first copy");
        (await store.FindByKeyAsync("old")).ShouldNotBeNull().Message.Text.ShouldBe("stored before");
        (await store.GetStatsAsync(T0)).Pending.ShouldBe(3);

        // the same list again adds nothing
        var again = await store.EnqueueManyAsync([Message("new", 2), Message("other", 2)]);
        again.ShouldBe([new OutboxEnqueueResult(false, results[0].Id), new OutboxEnqueueResult(false, results[3].Id)]);
    }

    /// <summary>
    /// Each chat's messages keep the list's order, also in a list long enough to be written in several parts, and a
    /// lease finds only each chat's first.
    /// </summary>
    [Fact]
    public async Task EnqueueMany_keeps_each_chats_order_in_a_long_list()
    {
        var store = CreateStore();
        const long Chat = 77;
        var list = Enumerable.Range(0, 1203)
            .Select(i => i % 400 == 0 ? Message($"chat-{i}", Chat, text: $"chat #{i / 400}") : Message($"other-{i}", 1000 + i))
            .ToList();

        var results = await store.EnqueueManyAsync(list);

        results.Count.ShouldBe(list.Count);
        results.ShouldAllBe(r => r.Enqueued);
        for (var i = 1; i < results.Count; i++)
        {
            results[i].Id.ShouldBeGreaterThan(results[i - 1].Id);
        }

        var leased = await CreateStore().LeaseAsync(2000, T0, Lease);
        leased.Count.ShouldBe(list.Count - 3, "one message per chat: the chat's first, its other three wait behind it");
        var head = leased.Single(l => l.Message.ChatId == Chat);
        head.Message.Message.Text.ShouldBe("chat #0");
        for (var n = 1; n <= 3; n++)
        {
            (await store.MarkSentAsync(head.Message.Id, head.LeaseId, T0, n)).ShouldBeTrue();
            head = (await store.LeaseAsync(2000, T0, Lease)).ShouldHaveSingleItem();
            head.Message.Message.Text.ShouldBe($"chat #{n}");
        }
    }

    /// <summary>An empty list answers an empty list.</summary>
    [Fact]
    public async Task EnqueueMany_of_an_empty_list_answers_an_empty_list()
    {
        var store = CreateStore();
        (await store.EnqueueManyAsync([])).ShouldBeEmpty();
        (await store.GetStatsAsync(T0)).Pending.ShouldBe(0);
    }

    /// <summary>A null list, or a list with a bad message, is refused with an error that names the message, and nothing of it is enqueued.</summary>
    [Fact]
    public async Task EnqueueMany_refuses_bad_input_before_enqueueing_anything()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.EnqueueManyAsync(null!));
        var empty = await Should.ThrowAsync<ArgumentException>(async () => await store.EnqueueManyAsync([Message("good", 1), Message("", 2)]));
        empty.ParamName.ShouldBe("messages[1]");
        var missing = await Should.ThrowAsync<ArgumentNullException>(async () => await store.EnqueueManyAsync([Message("good", 1), Message("fine", 2), null!]));
        missing.ParamName.ShouldBe("messages[2]");
        var lane = await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.EnqueueManyAsync([Message("good", 1) with { Lane = (DeliveryLane)7 }]));
        lane.ParamName.ShouldBe("messages[0]");
        (await store.FindByKeyAsync("good")).ShouldBeNull();
        (await store.GetStatsAsync(T0)).Pending.ShouldBe(0);
    }

    /// <summary>Marks in a list apply each under its own lease: a lease that is not held, or a message marked twice, answers false.</summary>
    [Fact]
    public async Task MarkSentMany_applies_each_mark_under_its_lease()
    {
        var store = CreateStore();
        await store.EnqueueManyAsync([Message("a", 1), Message("b", 2), Message("c", 3), Message("a-next", 1)]);
        var leases = await store.LeaseAsync(10, T0, Lease);
        leases.Count.ShouldBe(3);
        var (a, b, c) = (leases[0], leases[1], leases[2]);

        var applied = await CreateStore().MarkSentManyAsync(
        [
            new OutboxSentMark(a.Message.Id, a.LeaseId, T0.AddSeconds(1), 101),
            new OutboxSentMark(b.Message.Id, "not-the-lease", T0.AddSeconds(1), 102),
            new OutboxSentMark(c.Message.Id, c.LeaseId, T0.AddSeconds(2), null),
            new OutboxSentMark(a.Message.Id, a.LeaseId, T0.AddSeconds(3), 999),
        ]);

        applied.ShouldBe([true, false, true, false]);
        var sentA = (await store.GetAsync(a.Message.Id)).ShouldNotBeNull();
        sentA.State.ShouldBe(OutboxState.Sent);
        sentA.TelegramMessageId.ShouldBe(101);
        sentA.CompletedAt.ShouldBe(T0.AddSeconds(1));
        (await store.GetAsync(b.Message.Id)).ShouldNotBeNull().State.ShouldBe(OutboxState.Pending);
        (await store.GetAsync(c.Message.Id)).ShouldNotBeNull().TelegramMessageId.ShouldBeNull();
        (await store.MarkSentManyAsync([])).ShouldBeEmpty();

        // chat 1's next message is leased once its first is marked; b is still leased
        var next = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        next.Message.IdempotencyKey.ShouldBe("a-next");

        var noLease = await Should.ThrowAsync<ArgumentException>(async () => await store.MarkSentManyAsync([new OutboxSentMark(b.Message.Id, b.LeaseId, T0, 1), new OutboxSentMark(next.Message.Id, "", T0, 1)]));
        noLease.ParamName.ShouldBe("marks[1]");
        (await store.GetAsync(b.Message.Id)).ShouldNotBeNull().State.ShouldBe(OutboxState.Pending);
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.MarkSentManyAsync(null!));
    }

    /// <summary>Concurrent enqueues of one key store one message.</summary>
    [Fact]
    public async Task Concurrent_enqueues_of_one_key_store_one_message()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(16, i => stores[i % stores.Length].EnqueueAsync(Message("same-key", 5, text: $"copy {i}")).AsTask());
        results.Count(r => r.Enqueued).ShouldBe(1);
        results.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        (await CreateStore().LeaseAsync(100, T0, Lease)).ShouldHaveSingleItem();
        (await CreateStore().GetStatsAsync(T0)).Pending.ShouldBe(1);
    }

    /// <summary>Only due messages are leased.</summary>
    [Fact]
    public async Task Only_due_messages_are_leased()
    {
        var store = CreateStore();
        var later = await store.EnqueueAsync(Message("later", 1, due: T0.AddMinutes(5)));
        var now = await store.EnqueueAsync(Message("now", 2, due: T0));

        var leases = await store.LeaseAsync(10, T0, TimeSpan.FromHours(1));
        leases.ShouldHaveSingleItem().Message.Id.ShouldBe(now.Id);
        leases[0].LeasedUntil.ShouldBe(T0.AddHours(1));
        leases[0].LeaseId.ShouldNotBeNullOrEmpty();

        (await store.LeaseAsync(10, T0.AddMinutes(5).AddTicks(-1), Lease)).ShouldBeEmpty();
        (await store.LeaseAsync(10, T0.AddMinutes(5), Lease)).ShouldHaveSingleItem().Message.Id.ShouldBe(later.Id);
    }

    /// <summary>
    /// The next due time is never later than the moment a lease could take a message (an idle sender sleeps until
    /// then), and null only when no message is pending.
    /// </summary>
    [Fact]
    public async Task The_next_due_time_is_never_later_than_the_next_message_a_lease_can_take()
    {
        var store = CreateStore();
        (await store.NextDueAsync(T0)).ShouldBeNull();

        await store.EnqueueAsync(Message("five", 1, due: T0.AddMinutes(5)));
        await store.EnqueueAsync(Message("three", 2, due: T0.AddMinutes(3)));
        (await store.NextDueAsync(T0)).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(T0.AddMinutes(3));

        // the message leased until T0+13 does not hold the answer back to its due time
        var lease = (await store.LeaseAsync(10, T0.AddMinutes(3), TimeSpan.FromMinutes(10))).ShouldHaveSingleItem();
        lease.Message.IdempotencyKey.ShouldBe("three");
        var next = (await store.NextDueAsync(T0.AddMinutes(3))).ShouldNotBeNull();
        next.ShouldBeLessThanOrEqualTo(T0.AddMinutes(5));
        (await store.LeaseAsync(10, T0.AddMinutes(5), Lease)).ShouldHaveSingleItem().Message.IdempotencyKey.ShouldBe("five");

        // a message due now
        await store.EnqueueAsync(Message("now", 3, due: T0.AddMinutes(5)));
        (await store.NextDueAsync(T0.AddMinutes(5))).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(T0.AddMinutes(5));
    }

    /// <summary>Lease takes at most max and the earliest due first.</summary>
    [Fact]
    public async Task Lease_takes_at_most_max_and_the_earliest_due_first()
    {
        var store = CreateStore();
        for (var i = 0; i < 10; i++)
        {
            await store.EnqueueAsync(Message($"m-{i}", 100 + i, due: T0.AddSeconds(-i)));
        }

        var first = await store.LeaseAsync(4, T0, Lease);
        first.Count.ShouldBe(4);
        first.Select(l => l.Message.ChatId).ShouldBe([109, 108, 107, 106], ignoreOrder: true);
        var rest = await store.LeaseAsync(100, T0, Lease);
        rest.Count.ShouldBe(6);
        first.Concat(rest).Select(l => l.Message.Id).Distinct().Count().ShouldBe(10);
        (await store.LeaseAsync(100, T0, Lease)).ShouldBeEmpty();
    }

    /// <summary>One chats messages are leased one at a time in enqueue order.</summary>
    [Fact]
    public async Task One_chats_messages_are_leased_one_at_a_time_in_enqueue_order()
    {
        var store = CreateStore();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await store.EnqueueAsync(Message($"c-{i}", 42, due: T0.AddSeconds(-i)))).Id);
        }

        foreach (var id in ids)
        {
            var lease = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
            lease.Message.Id.ShouldBe(id);
            (await store.LeaseAsync(10, T0, Lease)).ShouldBeEmpty();
            (await store.MarkSentAsync(id, lease.LeaseId, T0, 1000 + id)).ShouldBeTrue();
        }

        (await store.LeaseAsync(10, T0, Lease)).ShouldBeEmpty();
    }

    /// <summary>The lane is kept, and leasing takes the urgent lane first, then normal, then bulk, each by due time then id.</summary>
    [Fact]
    public async Task Lease_takes_urgent_then_normal_then_bulk_each_by_due_time()
    {
        var store = CreateStore();
        var bulkOld = await store.EnqueueAsync(Message("bulk-old", 1, due: T0.AddMinutes(-10)) with { Lane = DeliveryLane.Bulk });
        var normal = await store.EnqueueAsync(Message("normal", 2, due: T0.AddMinutes(-5)));
        var bulkNew = await store.EnqueueAsync(Message("bulk-new", 3, due: T0.AddMinutes(-1)) with { Lane = DeliveryLane.Bulk });
        var urgentLate = await store.EnqueueAsync(Message("urgent-late", 4, due: T0) with { Lane = DeliveryLane.Urgent });
        var urgentEarly = await store.EnqueueAsync(Message("urgent-early", 5, due: T0.AddSeconds(-1)) with { Lane = DeliveryLane.Urgent });
        await store.EnqueueAsync(Message("urgent-not-due", 6, due: T0.AddMinutes(1)) with { Lane = DeliveryLane.Urgent });

        (await CreateStore().GetAsync(urgentLate.Id))!.Lane.ShouldBe(DeliveryLane.Urgent);
        (await CreateStore().GetAsync(bulkOld.Id))!.Lane.ShouldBe(DeliveryLane.Bulk);

        var first = await store.LeaseAsync(3, T0, Lease);
        first.Select(l => l.Message.Id).ShouldBe([urgentEarly.Id, urgentLate.Id, normal.Id], "urgent before normal, whatever the due times");
        var rest = await store.LeaseAsync(10, T0, Lease);
        rest.Select(l => l.Message.Id).ShouldBe([bulkOld.Id, bulkNew.Id]);
    }

    /// <summary>A lane never reorders one chat: an urgent message waits behind its chat's older bulk message.</summary>
    [Fact]
    public async Task An_urgent_message_waits_behind_its_chats_older_messages()
    {
        var store = CreateStore();
        var bulk = await store.EnqueueAsync(Message("bulk", 7) with { Lane = DeliveryLane.Bulk });
        var urgent = await store.EnqueueAsync(Message("urgent", 7) with { Lane = DeliveryLane.Urgent });
        var other = await store.EnqueueAsync(Message("other", 8) with { Lane = DeliveryLane.Urgent });

        var leases = await store.LeaseAsync(10, T0, Lease);
        leases.Select(l => l.Message.Id).ShouldBe([other.Id, bulk.Id]);
        (await store.MarkSentAsync(bulk.Id, leases[1].LeaseId, T0, 1)).ShouldBeTrue();
        (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem().Message.Id.ShouldBe(urgent.Id);
    }

    /// <summary>An unknown lane is refused at enqueue.</summary>
    [Fact]
    public async Task An_unknown_lane_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.EnqueueAsync(Message("bad", 1) with { Lane = (DeliveryLane)7 }));
        (await store.FindByKeyAsync("bad")).ShouldBeNull();
    }

    /// <summary>Releasing the leases frees every held lease at once, and the old holders can no longer mark their messages.</summary>
    [Fact]
    public async Task Releasing_leases_frees_them_at_once_and_fences_the_old_holders()
    {
        var store = CreateStore();
        var a = await store.EnqueueAsync(Message("a", 1));
        var b = await store.EnqueueAsync(Message("b", 2));
        var c = await store.EnqueueAsync(Message("c", 3, due: T0.AddMinutes(5)));
        var held = await store.LeaseAsync(10, T0, Lease);
        held.Count.ShouldBe(2);
        (await store.LeaseAsync(10, T0, Lease)).ShouldBeEmpty("the leases are live");

        (await CreateStore().ReleaseLeasesAsync()).ShouldBe(2);

        var again = await store.LeaseAsync(10, T0, Lease);
        again.Select(l => l.Message.Id).Order().ToArray().ShouldBe(new[] { a.Id, b.Id }, "released messages are leased again before their old leases expire");
        foreach (var old in held)
        {
            (await store.MarkSentAsync(old.Message.Id, old.LeaseId, T0, 5)).ShouldBeFalse("an old holder is fenced off");
        }

        (await store.MarkSentAsync(again[0].Message.Id, again[0].LeaseId, T0, 5)).ShouldBeTrue();
        (await store.ReleaseLeasesAsync()).ShouldBe(1, "only leased pending messages count");
        (await store.GetAsync(c.Id))!.State.ShouldBe(OutboxState.Pending);
        (await store.GetAsync(again[0].Message.Id))!.State.ShouldBe(OutboxState.Sent, "a sent message stays sent");
    }

    /// <summary>A later message waits for a rescheduled head of its chat.</summary>
    [Fact]
    public async Task A_later_message_waits_for_a_rescheduled_head_of_its_chat()
    {
        var store = CreateStore();
        var head = await store.EnqueueAsync(Message("head", 42));
        await store.EnqueueAsync(Message("next", 42));
        var lease = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        (await store.RescheduleAsync(head.Id, lease.LeaseId, T0.AddMinutes(1), "timeout", countAttempt: true)).ShouldBeTrue();

        (await store.LeaseAsync(10, T0.AddSeconds(30), Lease)).ShouldBeEmpty();
        (await store.LeaseAsync(10, T0.AddMinutes(1), Lease)).ShouldHaveSingleItem().Message.Id.ShouldBe(head.Id);
    }

    /// <summary>Mark sent records the delivery.</summary>
    [Fact]
    public async Task Mark_sent_records_the_delivery()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", 1))).Id;
        var lease = (await store.LeaseAsync(1, T0, Lease)).Single();

        (await store.MarkSentAsync(id, lease.LeaseId, T0.AddSeconds(1), 555)).ShouldBeTrue();
        (await store.MarkSentAsync(id, lease.LeaseId, T0.AddSeconds(2), 556)).ShouldBeFalse();

        var sent = (await CreateStore().GetAsync(id))!;
        sent.State.ShouldBe(OutboxState.Sent);
        sent.CompletedAt.ShouldBe(T0.AddSeconds(1));
        sent.TelegramMessageId.ShouldBe(555);
        (await store.LeaseAsync(10, T0.AddHours(1), Lease)).ShouldBeEmpty();
    }

    /// <summary>Marking needs the current lease.</summary>
    [Fact]
    public async Task Marking_needs_the_current_lease()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", 1))).Id;
        (await store.MarkSentAsync(id, "not-a-lease", T0, null)).ShouldBeFalse();
        var lease = (await store.LeaseAsync(1, T0, Lease)).Single();
        (await store.MarkSentAsync(id, "not-a-lease", T0, null)).ShouldBeFalse();
        (await store.RescheduleAsync(id, "not-a-lease", T0, "x", true)).ShouldBeFalse();
        (await store.DeadLetterAsync(id, "not-a-lease", "x", T0)).ShouldBeFalse();
        (await store.MarkSentAsync(id + 1000, lease.LeaseId, T0, null)).ShouldBeFalse();
        (await store.GetAsync(id))!.State.ShouldBe(OutboxState.Pending);
        (await store.MarkSentAsync(id, lease.LeaseId, T0, null)).ShouldBeTrue();
        (await store.GetAsync(id))!.TelegramMessageId.ShouldBeNull();
    }

    /// <summary>A live lease is not leased again and an expired one moves to another worker.</summary>
    [Fact]
    public async Task A_live_lease_is_not_leased_again_and_an_expired_one_moves_to_another_worker()
    {
        var id = (await CreateStore().EnqueueAsync(Message("m", 1))).Id;
        var crashed = CreateStore();
        var healthy = CreateStore();

        var stale = (await crashed.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        (await healthy.LeaseAsync(10, T0 + Lease - TimeSpan.FromTicks(1), Lease)).ShouldBeEmpty();

        var fresh = (await healthy.LeaseAsync(10, T0 + Lease, Lease)).ShouldHaveSingleItem();
        fresh.Message.Id.ShouldBe(id);
        fresh.LeaseId.ShouldNotBe(stale.LeaseId);
        fresh.LeasedUntil.ShouldBe(T0 + Lease + Lease);

        (await crashed.MarkSentAsync(id, stale.LeaseId, T0 + Lease, 1)).ShouldBeFalse();
        (await crashed.RescheduleAsync(id, stale.LeaseId, T0, "x", true)).ShouldBeFalse();
        (await crashed.DeadLetterAsync(id, stale.LeaseId, "x", T0)).ShouldBeFalse();
        (await healthy.MarkSentAsync(id, fresh.LeaseId, T0 + Lease, 2)).ShouldBeTrue();
        (await crashed.GetAsync(id))!.TelegramMessageId.ShouldBe(2);
    }

    /// <summary>An expired lease can still be completed by its holder when nobody took over.</summary>
    [Fact]
    public async Task An_expired_lease_can_still_be_completed_by_its_holder_when_nobody_took_over()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", 1))).Id;
        var lease = (await store.LeaseAsync(10, T0, Lease)).Single();
        (await store.MarkSentAsync(id, lease.LeaseId, T0 + Lease + Lease, 9)).ShouldBeTrue();
    }

    /// <summary>Reschedule releases the lease and counts attempts when asked.</summary>
    [Fact]
    public async Task Reschedule_releases_the_lease_and_counts_attempts_when_asked()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", 1))).Id;

        var lease = (await store.LeaseAsync(1, T0, Lease)).Single();
        (await store.RescheduleAsync(id, lease.LeaseId, T0.AddSeconds(10), "500 Internal Server Error", countAttempt: true)).ShouldBeTrue();
        (await store.RescheduleAsync(id, lease.LeaseId, T0.AddSeconds(10), "again", countAttempt: true)).ShouldBeFalse();
        var once = (await store.GetAsync(id))!;
        once.Attempts.ShouldBe(1);
        once.LastError.ShouldBe("500 Internal Server Error");
        once.DueAt.ShouldBe(T0.AddSeconds(10));
        once.State.ShouldBe(OutboxState.Pending);

        (await store.LeaseAsync(1, T0.AddSeconds(9), Lease)).ShouldBeEmpty();
        lease = (await store.LeaseAsync(1, T0.AddSeconds(10), Lease)).Single();
        lease.Message.Attempts.ShouldBe(1);
        (await store.RescheduleAsync(id, lease.LeaseId, T0.AddSeconds(40), "429 retry after 30", countAttempt: false)).ShouldBeTrue();
        var waited = (await store.GetAsync(id))!;
        waited.Attempts.ShouldBe(1);
        waited.LastError.ShouldBe("429 retry after 30");
        waited.DueAt.ShouldBe(T0.AddSeconds(40));

        lease = (await store.LeaseAsync(1, T0.AddSeconds(40), Lease)).Single();
        (await store.RescheduleAsync(id, lease.LeaseId, T0.AddSeconds(40), null, countAttempt: false)).ShouldBeTrue();
        (await store.GetAsync(id))!.LastError.ShouldBe("429 retry after 30");

        lease = (await store.LeaseAsync(1, T0.AddSeconds(40), Lease)).Single();
        (await store.MarkSentAsync(id, lease.LeaseId, T0.AddSeconds(41), 7)).ShouldBeTrue();
    }

    /// <summary>
    /// Bringing retries forward (Telegram is back after an outage) makes due now only the messages waiting for a retry
    /// because their last send failed, not those waiting for a 429 pause or a later due time, and each chat keeps its order.
    /// </summary>
    [Fact]
    public async Task Bringing_retries_forward_makes_only_the_failed_sends_due_now_in_chat_order()
    {
        var store = CreateStore();
        var failed = (await store.EnqueueAsync(Message("failed", 1))).Id;
        var behindFailed = (await store.EnqueueAsync(Message("behind-failed", 1))).Id;
        var rateLimited = (await store.EnqueueAsync(Message("rate-limited", 2))).Id;
        var scheduled = (await store.EnqueueAsync(Message("scheduled", 3, due: T0.AddMinutes(10)))).Id;
        var failedThenRateLimited = (await store.EnqueueAsync(Message("failed-then-429", 4))).Id;

        var leases = (await store.LeaseAsync(10, T0, Lease)).ToDictionary(l => l.Message.Id, l => l.LeaseId);
        (await store.RescheduleAsync(failed, leases[failed], T0.AddMinutes(5), "502 Bad Gateway", countAttempt: true)).ShouldBeTrue();
        (await store.RescheduleAsync(rateLimited, leases[rateLimited], T0.AddSeconds(30), "429: retry after 30", countAttempt: false)).ShouldBeTrue();
        (await store.RescheduleAsync(failedThenRateLimited, leases[failedThenRateLimited], T0, "502 Bad Gateway", countAttempt: true)).ShouldBeTrue();
        var again = (await store.LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem();
        again.Message.Id.ShouldBe(failedThenRateLimited);
        (await store.RescheduleAsync(failedThenRateLimited, again.LeaseId, T0.AddMinutes(1), "429: retry after 60", countAttempt: false)).ShouldBeTrue();

        var now = T0.AddSeconds(10);
        (await CreateStore().BringForwardRetriesAsync(now)).ShouldBe(1);

        var brought = (await store.GetAsync(failed))!;
        brought.DueAt.ShouldBe(now);
        brought.Attempts.ShouldBe(1, "bringing a retry forward is not an attempt");
        brought.LastError.ShouldBe("502 Bad Gateway");
        (await store.GetAsync(rateLimited))!.DueAt.ShouldBe(T0.AddSeconds(30), "a 429 pause is Telegram's own order");
        (await store.GetAsync(scheduled))!.DueAt.ShouldBe(T0.AddMinutes(10), "a later due time given at enqueue is kept");
        (await store.GetAsync(failedThenRateLimited))!.DueAt.ShouldBe(T0.AddMinutes(1), "the last reschedule, a 429, says why it waits");
        (await store.GetAsync(behindFailed))!.DueAt.ShouldBe(T0);

        var next = (await store.LeaseAsync(10, now, Lease)).ShouldHaveSingleItem();
        next.Message.Id.ShouldBe(failed, "the failed message goes first; its chat's next message waits behind it");
        (await store.BringForwardRetriesAsync(now.AddSeconds(1))).ShouldBe(0, "a retry is brought forward once");
        (await store.MarkSentAsync(failed, next.LeaseId, now, 11)).ShouldBeTrue();
        (await store.LeaseAsync(10, now, Lease)).ShouldHaveSingleItem().Message.Id.ShouldBe(behindFailed);
    }

    /// <summary>A leased message is not brought forward: it is in flight, and its holder records what happens to it.</summary>
    [Fact]
    public async Task A_leased_retry_is_not_brought_forward()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", 1))).Id;
        var lease = (await store.LeaseAsync(1, T0, Lease)).Single();
        (await store.RescheduleAsync(id, lease.LeaseId, T0.AddSeconds(2), "timed out", countAttempt: true)).ShouldBeTrue();
        lease = (await store.LeaseAsync(1, T0.AddSeconds(2), Lease)).Single();

        (await store.BringForwardRetriesAsync(T0.AddSeconds(3))).ShouldBe(0);
        (await store.MarkSentAsync(id, lease.LeaseId, T0.AddSeconds(3), 5)).ShouldBeTrue();
    }

    /// <summary>The bot's 429 pause is kept for every instance of the store, and only a pause that ends later replaces it.</summary>
    [Fact]
    public async Task A_send_pause_is_kept_and_only_a_later_one_replaces_it()
    {
        var store = CreateStore();
        (await store.GetSendPauseAsync()).ShouldBeNull();

        await store.SaveSendPauseAsync(T0.AddTicks(300_001));
        (await CreateStore().GetSendPauseAsync()).ShouldBe(T0.AddTicks(300_001));

        await CreateStore().SaveSendPauseAsync(T0.AddSeconds(-5));
        (await store.GetSendPauseAsync()).ShouldBe(T0.AddTicks(300_001), "an earlier end does not shorten the pause");

        await store.SaveSendPauseAsync(T0.AddMinutes(1));
        (await CreateStore().GetSendPauseAsync()).ShouldBe(T0.AddMinutes(1));
    }

    /// <summary>Dead letter gives up and frees the chat.</summary>
    [Fact]
    public async Task Dead_letter_gives_up_and_frees_the_chat()
    {
        var store = CreateStore();
        var bad = (await store.EnqueueAsync(Message("bad", 1))).Id;
        var good = (await store.EnqueueAsync(Message("good", 1))).Id;
        var lease = (await store.LeaseAsync(10, T0, Lease)).Single();

        (await store.DeadLetterAsync(bad, lease.LeaseId, "400 can't parse entities", T0.AddSeconds(1))).ShouldBeTrue();
        (await store.DeadLetterAsync(bad, lease.LeaseId, "again", T0.AddSeconds(1))).ShouldBeFalse();

        var dead = (await store.GetAsync(bad))!;
        dead.State.ShouldBe(OutboxState.DeadLettered);
        dead.LastError.ShouldBe("400 can't parse entities");
        dead.CompletedAt.ShouldBe(T0.AddSeconds(1));
        (await store.LeaseAsync(10, T0, Lease)).Single().Message.Id.ShouldBe(good);
    }

    /// <summary>Redirect moves pending messages keeping their order.</summary>
    [Fact]
    public async Task Redirect_moves_pending_messages_keeping_their_order()
    {
        var store = CreateStore();
        var sentId = (await store.EnqueueAsync(Message("sent", -7))).Id;
        var sentLease = (await store.LeaseAsync(10, T0, Lease)).Single();
        await store.MarkSentAsync(sentId, sentLease.LeaseId, T0, 1);

        var a = (await store.EnqueueAsync(Message("a", -7))).Id;
        var b = (await store.EnqueueAsync(Message("b", -7))).Id;
        var other = (await store.EnqueueAsync(Message("other", 9))).Id;

        (await store.RedirectChatAsync(-7, -1007)).ShouldBe(2);
        (await store.RedirectChatAsync(-7, -1007)).ShouldBe(0);

        (await store.GetAsync(sentId))!.ChatId.ShouldBe(-7);
        (await store.GetAsync(a))!.ChatId.ShouldBe(-1007);
        var leases = await store.LeaseAsync(10, T0, Lease);
        leases.Select(l => l.Message.Id).ShouldBe([a, other], ignoreOrder: true);
        leases.Single(l => l.Message.Id == a).Message.ChatId.ShouldBe(-1007);
        await store.MarkSentAsync(a, leases.Single(l => l.Message.Id == a).LeaseId, T0, 2);
        (await store.LeaseAsync(10, T0, Lease)).Single().Message.Id.ShouldBe(b);
    }

    /// <summary>A leased message that is redirected keeps its lease.</summary>
    [Fact]
    public async Task A_leased_message_that_is_redirected_keeps_its_lease()
    {
        var store = CreateStore();
        var id = (await store.EnqueueAsync(Message("m", -7))).Id;
        var next = (await store.EnqueueAsync(Message("n", -7))).Id;
        var lease = (await store.LeaseAsync(10, T0, Lease)).Single();

        (await store.RedirectChatAsync(-7, -1007)).ShouldBe(2);
        (await store.LeaseAsync(10, T0, Lease)).ShouldBeEmpty();
        (await store.RescheduleAsync(id, lease.LeaseId, T0, "migrated", countAttempt: false)).ShouldBeTrue();

        var again = (await store.LeaseAsync(10, T0, Lease)).Single();
        again.Message.Id.ShouldBe(id);
        again.Message.ChatId.ShouldBe(-1007);
        (await store.MarkSentAsync(id, again.LeaseId, T0, 3)).ShouldBeTrue();
        (await store.LeaseAsync(10, T0, Lease)).Single().Message.Id.ShouldBe(next);
    }

    /// <summary>Stats count pending due and dead lettered.</summary>
    [Fact]
    public async Task Stats_count_pending_due_and_dead_lettered()
    {
        var store = CreateStore();
        (await store.GetStatsAsync(T0)).ShouldBe(new OutboxStats(0, 0, 0, null));

        await store.EnqueueAsync(Message("due-1", 1, due: T0.AddMinutes(-3)));
        await store.EnqueueAsync(Message("due-2", 1, due: T0.AddMinutes(-5)));
        await store.EnqueueAsync(Message("later", 2, due: T0.AddMinutes(3)));
        var dead = (await store.EnqueueAsync(Message("dead", 3, due: T0.AddMinutes(-10)))).Id;
        var sent = (await store.EnqueueAsync(Message("sent", 4, due: T0.AddMinutes(-20)))).Id;
        foreach (var lease in await store.LeaseAsync(10, T0, Lease))
        {
            if (lease.Message.Id == dead)
            {
                await store.DeadLetterAsync(dead, lease.LeaseId, "blocked", T0);
            }
            else if (lease.Message.Id == sent)
            {
                await store.MarkSentAsync(sent, lease.LeaseId, T0, 1);
            }
        }

        var stats = await CreateStore().GetStatsAsync(T0);
        stats.Pending.ShouldBe(3);
        stats.Due.ShouldBe(2);
        stats.DeadLettered.ShouldBe(1);
        stats.OldestDueAt.ShouldBe(T0.AddMinutes(-5));
        (await store.GetStatsAsync(T0.AddMinutes(3))).Due.ShouldBe(3);
    }

    /// <summary>Purge deletes completed messages only.</summary>
    [Fact]
    public async Task Purge_deletes_completed_messages_only()
    {
        var store = CreateStore();
        var sent = (await store.EnqueueAsync(Message("sent", 1))).Id;
        var dead = (await store.EnqueueAsync(Message("dead", 2))).Id;
        var recent = (await store.EnqueueAsync(Message("recent", 3))).Id;
        var pending = (await store.EnqueueAsync(Message("pending", 4, due: T0.AddDays(-30)))).Id;
        var leases = (await store.LeaseAsync(10, T0, Lease)).ToDictionary(l => l.Message.Id);
        await store.MarkSentAsync(sent, leases[sent].LeaseId, T0.AddDays(-8), 1);
        await store.DeadLetterAsync(dead, leases[dead].LeaseId, "blocked", T0.AddDays(-8));
        await store.MarkSentAsync(recent, leases[recent].LeaseId, T0.AddDays(-1), 2);

        (await store.PurgeAsync(T0.AddDays(-7))).ShouldBe(2);
        (await store.GetAsync(sent)).ShouldBeNull();
        (await store.GetAsync(dead)).ShouldBeNull();
        (await store.FindByKeyAsync("sent")).ShouldBeNull();
        (await store.GetAsync(recent)).ShouldNotBeNull();
        (await store.GetAsync(pending)).ShouldNotBeNull();
        (await store.GetStatsAsync(T0)).DeadLettered.ShouldBe(0);
        (await store.PurgeAsync(T0.AddDays(-7))).ShouldBe(0);
    }

    /// <summary>Bad input is refused.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.EnqueueAsync(null!));
        await Should.ThrowAsync<ArgumentException>(async () => await store.EnqueueAsync(Message("", 1)));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.LeaseAsync(0, T0, Lease));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.LeaseAsync(1, T0, TimeSpan.Zero));
        await Should.ThrowAsync<ArgumentException>(async () => await store.MarkSentAsync(1, "", T0, null));
    }

    /// <summary>Parallel workers lease every message once in per chat order.</summary>
    [Fact]
    public async Task Parallel_workers_lease_every_message_once_in_per_chat_order()
    {
        const int Chats = 12;
        const int PerChat = 15;
        var enqueued = new Dictionary<long, List<long>>();
        var producer = CreateStore();
        for (var i = 0; i < PerChat; i++)
        {
            for (var chat = 0; chat < Chats; chat++)
            {
                var id = (await producer.EnqueueAsync(Message($"p-{chat}-{i}", chat))).Id;
                (enqueued.TryGetValue(chat, out var list) ? list : enqueued[chat] = []).Add(id);
            }
        }

        var leasedOrder = new ConcurrentDictionary<long, ConcurrentQueue<long>>();
        var leaseCounts = new ConcurrentDictionary<long, int>();
        var sent = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var started = TimeProvider.System.GetTimestamp();

        await Race.RunAsync(workers.Length, async w =>
        {
            var store = workers[w];
            while (Volatile.Read(ref sent) < Chats * PerChat)
            {
                TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromMinutes(2), "the workers did not finish");
                var leases = await store.LeaseAsync(5, T0, TimeSpan.FromHours(1));
                foreach (var lease in leases)
                {
                    leaseCounts.AddOrUpdate(lease.Message.Id, 1, (_, n) => n + 1);
                    leasedOrder.GetOrAdd(lease.Message.ChatId, _ => new()).Enqueue(lease.Message.Id);
                }

                foreach (var lease in leases)
                {
                    (await store.MarkSentAsync(lease.Message.Id, lease.LeaseId, T0, lease.Message.Id)).ShouldBeTrue();
                    Interlocked.Increment(ref sent);
                }

                if (leases.Count == 0)
                {
                    await Task.Yield();
                }
            }

            return w;
        });

        leaseCounts.Count.ShouldBe(Chats * PerChat);
        leaseCounts.Values.ShouldAllBe(n => n == 1);
        foreach (var (chat, ids) in enqueued)
        {
            leasedOrder[chat].ToList().ShouldBe(ids);
        }

        (await producer.GetStatsAsync(T0)).Pending.ShouldBe(0);
    }

    /// <summary>Racing workers take an expired lease exactly once.</summary>
    [Fact]
    public async Task Racing_workers_take_an_expired_lease_exactly_once()
    {
        var id = (await CreateStore().EnqueueAsync(Message("m", 1))).Id;
        (await CreateStore().LeaseAsync(1, T0, Lease)).ShouldHaveSingleItem();
        var workers = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();

        var results = await Race.RunAsync(8, i => workers[i % workers.Length].LeaseAsync(3, T0 + Lease, Lease).AsTask());

        results.SelectMany(r => r).ShouldHaveSingleItem().Message.Id.ShouldBe(id);
    }

    /// <summary>Enqueues a message, leases it (alone) and dead-letters it with <paramref name="error"/>; returns its id.</summary>
    private async Task<long> DeadLetteredAsync(IOutboxStore store, OutboxMessage message, string error)
    {
        var id = (await store.EnqueueAsync(message)).Id;
        var lease = (await store.LeaseAsync(100, message.DueAt, Lease)).Single(l => l.Message.Id == id);
        (await store.DeadLetterAsync(id, lease.LeaseId, error, message.DueAt.AddSeconds(1))).ShouldBeTrue();
        return id;
    }

    /// <summary>A query returns the matching messages newest first, and a page starts below the id it is given.</summary>
    [Fact]
    public async Task Query_returns_matches_newest_first_and_pages_below_an_id()
    {
        var store = CreateStore();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.EnqueueAsync(Message($"q-{i}", 7) with { UserId = "alice" })).Id);
        }

        await store.EnqueueAsync(Message("other", 8) with { UserId = "bob" });

        var first = await CreateStore().QueryAsync(new OutboxFilter { UserId = "alice" }, null, 2);
        first.Select(m => m.Id).ShouldBe([ids[4], ids[3]]);
        first[0].ChatId.ShouldBe(7);
        first[0].UserId.ShouldBe("alice");
        var second = await CreateStore().QueryAsync(new OutboxFilter { UserId = "alice" }, first[^1].Id, 2);
        second.Select(m => m.Id).ShouldBe([ids[2], ids[1]]);
        var last = await CreateStore().QueryAsync(new OutboxFilter { UserId = "alice" }, second[^1].Id, 2);
        last.Select(m => m.Id).ShouldBe([ids[0]]);
        (await CreateStore().QueryAsync(new OutboxFilter(), null, 100)).Count.ShouldBe(6);
    }

    /// <summary>Each criterion of a filter narrows a query: state, type, reason (exact or before a colon), time range, id and edits.</summary>
    [Fact]
    public async Task Query_applies_every_criterion_of_the_filter()
    {
        var store = CreateStore();
        var blocked = await DeadLetteredAsync(store, Message("blocked", 1) with { UserId = "u" }, "bot_blocked: Forbidden: bot was blocked by the user");
        var exhausted = await DeadLetteredAsync(store, Message("exhausted", 2) with { UserId = "u", NotificationType = NotificationTypes.DailySummary }, "max_attempts");
        var pending = (await store.EnqueueAsync(Message("later", 3) with { UserId = "u", CreatedAt = T0.AddHours(2), DueAt = T0.AddHours(2) })).Id;
        var edit = (await store.EnqueueAsync(Message("edit", 4) with { UserId = "u", EditOf = "blocked" })).Id;
        var reader = CreateStore();

        async Task<long[]> Ids(OutboxFilter filter) => (await reader.QueryAsync(filter, null, 100)).Select(m => m.Id).ToArray();

        (await Ids(new OutboxFilter { State = OutboxState.DeadLettered })).ShouldBe([exhausted, blocked]);
        (await Ids(new OutboxFilter { State = OutboxState.Pending })).ShouldBe([edit, pending]);
        (await Ids(new OutboxFilter { NotificationType = NotificationTypes.DailySummary })).ShouldBe([exhausted]);
        (await Ids(new OutboxFilter { Reason = "bot_blocked" })).ShouldBe([blocked]);
        (await Ids(new OutboxFilter { Reason = "max_attempts" })).ShouldBe([exhausted]);
        (await Ids(new OutboxFilter { Reason = "bot" })).ShouldBeEmpty("a reason matches whole, or up to the colon");
        (await Ids(new OutboxFilter { Reason = "bot_blocked: Forbidden" })).ShouldBe([blocked]);
        (await Ids(new OutboxFilter { CreatedFrom = T0.AddHours(1) })).ShouldBe([pending]);
        (await Ids(new OutboxFilter { CreatedBefore = T0.AddHours(1) })).ShouldBe([edit, exhausted, blocked]);
        (await Ids(new OutboxFilter { Id = exhausted })).ShouldBe([exhausted]);
        (await Ids(new OutboxFilter { ExcludeEdits = true })).ShouldBe([pending, exhausted, blocked]);
        (await Ids(new OutboxFilter { UserId = "nobody" })).ShouldBeEmpty();
    }

    /// <summary>Counts come by state and lane, leaving out what is empty.</summary>
    [Fact]
    public async Task Count_groups_messages_by_state_and_lane()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Message("u1", 1) with { Lane = DeliveryLane.Urgent });
        await store.EnqueueAsync(Message("u2", 2) with { Lane = DeliveryLane.Urgent });
        await store.EnqueueAsync(Message("b1", 3) with { Lane = DeliveryLane.Bulk });
        await DeadLetteredAsync(store, Message("d1", 4), "rejected");

        var counts = await CreateStore().CountAsync();

        counts.OrderBy(c => c.State).ThenBy(c => c.Lane).ShouldBe(
        [
            new OutboxCount(OutboxState.Pending, DeliveryLane.Urgent, 2),
            new OutboxCount(OutboxState.Pending, DeliveryLane.Bulk, 1),
            new OutboxCount(OutboxState.DeadLettered, DeliveryLane.Normal, 1),
        ]);
    }

    /// <summary>A resend puts matching dead letters back, pending and due now with no attempts or error, and they can be leased; other states are left alone.</summary>
    [Fact]
    public async Task Resend_puts_matching_dead_letters_back_in_the_queue()
    {
        var store = CreateStore();
        var blocked = await DeadLetteredAsync(store, Message("blocked", 1) with { Attempts = 3 }, "bot_blocked: Forbidden");
        var rejected = await DeadLetteredAsync(store, Message("rejected", 2), "rejected: Bad Request");
        var pending = (await store.EnqueueAsync(Message("pending", 3))).Id;
        var now = T0.AddHours(1);

        (await CreateStore().ResendAsync(new OutboxFilter { Reason = "bot_blocked" }, now)).ShouldBe(1);
        (await CreateStore().ResendAsync(new OutboxFilter { Id = pending }, now)).ShouldBe(0, "only dead letters are resent");
        (await CreateStore().ResendAsync(new OutboxFilter { Reason = "bot_blocked" }, now)).ShouldBe(0, "it is no longer a dead letter");

        var resent = (await store.GetAsync(blocked)).ShouldNotBeNull();
        resent.State.ShouldBe(OutboxState.Pending);
        resent.DueAt.ShouldBe(now);
        resent.Attempts.ShouldBe(0);
        resent.LastError.ShouldBeNull();
        resent.CompletedAt.ShouldBeNull();
        (await store.GetAsync(rejected))!.State.ShouldBe(OutboxState.DeadLettered);
        (await store.GetStatsAsync(now)).DeadLettered.ShouldBe(1);

        var leased = await CreateStore().LeaseAsync(10, now, Lease);
        leased.Select(l => l.Message.Id).ShouldBe([pending, blocked], ignoreOrder: true);
        var again = leased.Single(l => l.Message.Id == blocked);
        (await store.MarkSentAsync(blocked, again.LeaseId, now, 77)).ShouldBeTrue();
    }

    /// <summary>A resent message waits behind nothing: it goes before the later messages of its chat, as the oldest.</summary>
    [Fact]
    public async Task Resent_message_is_its_chats_next_message()
    {
        var store = CreateStore();
        var dead = await DeadLetteredAsync(store, Message("first", 5), "max_attempts");
        var later = (await store.EnqueueAsync(Message("second", 5))).Id;

        (await store.ResendAsync(new OutboxFilter { Id = dead }, T0)).ShouldBe(1);

        (await CreateStore().LeaseAsync(10, T0, Lease)).ShouldHaveSingleItem().Message.Id.ShouldBe(dead);
        later.ShouldBeGreaterThan(dead);
    }

    /// <summary>A discard deletes matching dead letters only.</summary>
    [Fact]
    public async Task Discard_deletes_matching_dead_letters_only()
    {
        var store = CreateStore();
        var first = await DeadLetteredAsync(store, Message("a", 1) with { UserId = "u1" }, "rejected");
        var second = await DeadLetteredAsync(store, Message("b", 2) with { UserId = "u2" }, "rejected");
        var pending = (await store.EnqueueAsync(Message("c", 3) with { UserId = "u1" })).Id;

        (await CreateStore().DiscardAsync(new OutboxFilter { UserId = "u1" })).ShouldBe(1);

        (await store.GetAsync(first)).ShouldBeNull();
        (await store.FindByKeyAsync("a")).ShouldBeNull();
        (await store.GetAsync(second)).ShouldNotBeNull();
        (await store.GetAsync(pending)).ShouldNotBeNull();
        (await store.GetStatsAsync(T0)).DeadLettered.ShouldBe(1);
        (await store.EnqueueAsync(Message("a", 1))).Enqueued.ShouldBeTrue("a discarded key may be used again");
    }

    /// <summary>The delivery pause is stored for every store over the same storage, and cleared by a resume.</summary>
    [Fact]
    public async Task Pause_is_shared_and_cleared()
    {
        var store = CreateStore();
        (await store.GetPauseAsync()).ShouldBeNull();

        await store.SetPauseAsync(new DeliveryPause("ops@example.com", T0, "Telegram incident"));
        await store.SetPauseAsync(new DeliveryPause("second@example.com", T0.AddMinutes(1), null));

        (await CreateStore().GetPauseAsync()).ShouldBe(new DeliveryPause("second@example.com", T0.AddMinutes(1), null));
        await CreateStore().SetPauseAsync(null);
        (await store.GetPauseAsync()).ShouldBeNull();
    }

    /// <summary>Bad arguments of the operator's members are refused before the storage is touched.</summary>
    [Fact]
    public async Task Operator_members_refuse_bad_arguments()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentNullException>(() => store.QueryAsync(null!, null, 10).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => store.QueryAsync(new OutboxFilter(), null, 0).AsTask());
        await Should.ThrowAsync<ArgumentNullException>(() => store.ResendAsync(null!, T0).AsTask());
        await Should.ThrowAsync<ArgumentNullException>(() => store.DiscardAsync(null!).AsTask());
        await Should.ThrowAsync<ArgumentException>(() => store.SetPauseAsync(new DeliveryPause(" ", T0, null)).AsTask());
    }
}
