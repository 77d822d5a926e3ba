namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>
/// The behaviour every <see cref="IDigestStore"/> provider must have: one open window per user, idempotent events,
/// held events that push the close back, due windows, and a close that succeeds once, only with the rendered count,
/// and queues its digest in the outbox in the same step.
/// </summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your digest store and the outbox store over
/// the same storage from <see cref="CreateStores"/>; every test below then runs against them.
/// </remarks>
public abstract class DigestStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a digest store and an outbox store over the same storage as every other pair this test instance creates
    /// (a database provider should return stores with their own connections each time, as another app instance would
    /// have). xunit creates a new test class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>The stores over this test's storage.</returns>
    protected abstract (IDigestStore Digests, IOutboxStore Outbox) CreateStores();

    private static DigestItem Item(string key, string user = "user-1", int minute = 0, bool failed = false) => new()
    {
        Key = key,
        UserId = user,
        NotificationType = failed ? NotificationTypes.PostFailure : NotificationTypes.PostSuccess,
        Platform = "instagram",
        Title = "Spring <launch> & \"more\" 🌸",
        Url = "https://example.com/p/1?a=1&b=2",
        Failed = failed,
        CreatedAt = T0.AddMinutes(minute),
    };

    private static OutboxMessage Digest(long windowId, string user = "user-1") => new()
    {
        IdempotencyKey = $"digest:{windowId}",
        UserId = user,
        ChatId = 4242,
        NotificationType = NotificationTypes.Digest,
        Message = new TelegramMessage($"digest of window {windowId}"),
        CreatedAt = T0,
        DueAt = T0,
    };

    /// <summary>The first event opens a window; the next ones join it; its events come back in order, as kept.</summary>
    [Fact]
    public async Task Events_join_the_users_open_window()
    {
        var (digests, _) = CreateStores();
        var first = await digests.AddAsync(Item("post_success:1"), T0, T0.AddMinutes(30), hold: false);
        var second = await digests.AddAsync(Item("post_success:2", minute: 5, failed: true), T0.AddMinutes(5), T0.AddMinutes(35), hold: false);
        var other = await digests.AddAsync(Item("post_success:3", user: "user-2"), T0, T0.AddMinutes(30), hold: false);

        first.Added.ShouldBeTrue();
        second.ShouldBe(new DigestAddResult(true, first.WindowId));
        other.WindowId.ShouldNotBe(first.WindowId);

        var items = await CreateStores().Digests.GetItemsAsync(first.WindowId);
        items.Select(i => i.Key).ShouldBe(["post_success:1", "post_success:2"]);
        items[0].ShouldBe(Item("post_success:1"));
        items[1].ShouldBe(Item("post_success:2", minute: 5, failed: true));
        (await digests.GetItemsAsync(123456)).ShouldBeEmpty();
    }

    /// <summary>An event kept before is not kept again, and changes nothing.</summary>
    [Fact]
    public async Task An_event_is_kept_once()
    {
        var (digests, _) = CreateStores();
        var first = await digests.AddAsync(Item("post_success:1"), T0, T0.AddMinutes(30), hold: false);
        var again = await CreateStores().Digests.AddAsync(Item("post_success:1"), T0.AddMinutes(1), T0.AddHours(8), hold: true);

        again.ShouldBe(new DigestAddResult(false, first.WindowId));
        var window = (await digests.ListDueAsync(T0.AddMinutes(30), 10)).ShouldHaveSingleItem();
        window.ShouldBe(new DigestWindow(first.WindowId, "user-1", T0, T0.AddMinutes(30), 1, Held: false));
        (await digests.ContainsAsync("post_success:1")).ShouldBeTrue();
        (await digests.ContainsAsync("post_success:2")).ShouldBeFalse();
    }

    /// <summary>A window is due at its close time, not before; a later event does not move a digest window's close.</summary>
    [Fact]
    public async Task A_window_is_due_at_its_close_time()
    {
        var (digests, _) = CreateStores();
        var first = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        await digests.AddAsync(Item("k2"), T0.AddMinutes(20), T0.AddMinutes(50), hold: false);

        (await digests.ListDueAsync(T0.AddMinutes(30).AddTicks(-1), 10)).ShouldBeEmpty();
        var due = (await digests.ListDueAsync(T0.AddMinutes(30), 10)).ShouldHaveSingleItem();
        due.Id.ShouldBe(first.WindowId);
        due.ItemCount.ShouldBe(2);
        due.ClosesAt.ShouldBe(T0.AddMinutes(30));
    }

    /// <summary>A user's open windows are listed whatever their close time, the earliest close first; closed ones and other users' are not.</summary>
    [Fact]
    public async Task A_users_open_windows_are_listed_before_they_are_due()
    {
        var (digests, _) = CreateStores();
        (await digests.ListOpenAsync("user-1")).ShouldBeEmpty();
        var first = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        await digests.AddAsync(Item("k2", minute: 1), T0.AddMinutes(1), T0.AddMinutes(31), hold: false);
        await digests.AddAsync(Item("k3", user: "user-2"), T0, T0.AddMinutes(30), hold: false);

        var open = (await CreateStores().Digests.ListOpenAsync("user-1")).ShouldHaveSingleItem();
        open.ShouldBe(new DigestWindow(first.WindowId, "user-1", T0, T0.AddMinutes(30), 2, Held: false));

        // past its close time and not closed yet, the window is still listed, before the window an event opened since
        var second = await digests.AddAsync(Item("k4", minute: 40), T0.AddMinutes(40), T0.AddMinutes(70), hold: true);
        second.WindowId.ShouldNotBe(first.WindowId);
        (await digests.ListOpenAsync("user-1")).Select(w => (w.Id, w.Held)).ShouldBe([(first.WindowId, false), (second.WindowId, true)]);

        (await digests.CloseAsync(first.WindowId, 2, null, T0.AddMinutes(41))).ShouldBeTrue();
        (await digests.ListOpenAsync("user-1")).ShouldHaveSingleItem().Id.ShouldBe(second.WindowId);
        (await digests.ListOpenAsync("user-2")).ShouldHaveSingleItem().UserId.ShouldBe("user-2");
        (await digests.ListOpenAsync("user-3")).ShouldBeEmpty();
    }

    /// <summary>A held event keeps the window open until the quiet hours end, and marks it held.</summary>
    [Fact]
    public async Task A_held_event_pushes_the_close_back()
    {
        var (digests, _) = CreateStores();
        var first = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        var held = await digests.AddAsync(Item("k2", minute: 10), T0.AddMinutes(10), T0.AddHours(10), hold: true);

        held.WindowId.ShouldBe(first.WindowId);
        (await digests.ListDueAsync(T0.AddHours(10).AddTicks(-1), 10)).ShouldBeEmpty();
        var window = (await digests.ListDueAsync(T0.AddHours(10), 10)).ShouldHaveSingleItem();
        window.ShouldBe(new DigestWindow(first.WindowId, "user-1", T0, T0.AddHours(10), 2, Held: true));

        // a held event never pulls a close forward
        var (later, _) = CreateStores();
        await later.AddAsync(Item("k3", minute: 20), T0.AddMinutes(20), T0.AddHours(1), hold: true);
        (await later.ListDueAsync(T0.AddHours(10), 10)).ShouldHaveSingleItem().ClosesAt.ShouldBe(T0.AddHours(10));
    }

    /// <summary>Closing queues the digest in the outbox with the window's key; a second close does nothing; the next event opens a new window.</summary>
    [Fact]
    public async Task A_window_closes_once_and_queues_its_digest()
    {
        var (digests, outbox) = CreateStores();
        var opened = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        await digests.AddAsync(Item("k2"), T0.AddMinutes(1), T0.AddMinutes(31), hold: false);
        var closeAt = T0.AddMinutes(30);

        (await digests.CloseAsync(opened.WindowId, 2, Digest(opened.WindowId), closeAt)).ShouldBeTrue();
        (await CreateStores().Digests.CloseAsync(opened.WindowId, 2, Digest(opened.WindowId), closeAt)).ShouldBeFalse();

        var queued = (await outbox.FindByKeyAsync($"digest:{opened.WindowId}")).ShouldNotBeNull();
        queued.Message.Text.ShouldBe($"digest of window {opened.WindowId}");
        queued.ChatId.ShouldBe(4242);
        queued.State.ShouldBe(OutboxState.Pending);
        (await outbox.GetStatsAsync(closeAt)).Pending.ShouldBe(1);
        (await digests.ListDueAsync(T0.AddDays(1), 10)).ShouldBeEmpty();

        var next = await digests.AddAsync(Item("k3"), closeAt, closeAt.AddMinutes(30), hold: false);
        next.Added.ShouldBeTrue();
        next.WindowId.ShouldNotBe(opened.WindowId);
        (await digests.ContainsAsync("k1")).ShouldBeTrue();
    }

    /// <summary>A close that rendered fewer events than the window holds fails and leaves the window open and due.</summary>
    [Fact]
    public async Task A_close_with_a_stale_count_fails()
    {
        var (digests, outbox) = CreateStores();
        var opened = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        await digests.AddAsync(Item("k2"), T0.AddMinutes(29), T0.AddMinutes(59), hold: false);

        (await digests.CloseAsync(opened.WindowId, 1, Digest(opened.WindowId), T0.AddMinutes(30))).ShouldBeFalse();
        (await outbox.FindByKeyAsync($"digest:{opened.WindowId}")).ShouldBeNull();
        (await digests.ListDueAsync(T0.AddMinutes(30), 10)).ShouldHaveSingleItem().ItemCount.ShouldBe(2);
        (await digests.CloseAsync(opened.WindowId, 2, Digest(opened.WindowId), T0.AddMinutes(30))).ShouldBeTrue();
    }

    /// <summary>Without a message the window closes and nothing is queued.</summary>
    [Fact]
    public async Task A_window_closes_without_a_message()
    {
        var (digests, outbox) = CreateStores();
        var opened = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        (await digests.CloseAsync(opened.WindowId, 1, null, T0.AddMinutes(30))).ShouldBeTrue();
        (await outbox.GetStatsAsync(T0.AddMinutes(30))).Pending.ShouldBe(0);
        (await digests.ListDueAsync(T0.AddDays(1), 10)).ShouldBeEmpty();
    }

    /// <summary>Of concurrent closes of one window (as from several instances), exactly one succeeds and one digest is queued.</summary>
    [Fact]
    public async Task Concurrent_closes_close_once()
    {
        var (digests, outbox) = CreateStores();
        var opened = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStores().Digests).ToArray();

        var results = await Race.RunAsync(4, i => stores[i].CloseAsync(opened.WindowId, 1, Digest(opened.WindowId), T0.AddMinutes(30)).AsTask());

        results.Count(r => r).ShouldBe(1);
        (await outbox.GetStatsAsync(T0.AddMinutes(30))).Pending.ShouldBe(1);
    }

    /// <summary>Events added at once for one user end up in one window, each once.</summary>
    [Fact]
    public async Task Concurrent_events_share_one_window()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStores().Digests).ToArray();
        var results = await Race.RunAsync(8, i => stores[i % 4].AddAsync(Item($"k{i}"), T0, T0.AddMinutes(30), hold: false).AsTask());

        results.ShouldAllBe(r => r.Added);
        results.Select(r => r.WindowId).Distinct().ShouldHaveSingleItem();
        (await stores[0].GetItemsAsync(results[0].WindowId)).Count.ShouldBe(8);
        (await stores[0].ListDueAsync(T0.AddMinutes(30), 10)).ShouldHaveSingleItem().ItemCount.ShouldBe(8);
    }

    /// <summary>Purge deletes windows closed before the cut-off, with their events; open windows stay.</summary>
    [Fact]
    public async Task Purge_deletes_old_closed_windows()
    {
        var (digests, _) = CreateStores();
        var old = await digests.AddAsync(Item("k1"), T0, T0.AddMinutes(30), hold: false);
        await digests.CloseAsync(old.WindowId, 1, null, T0.AddMinutes(30));
        var open = await digests.AddAsync(Item("k2", user: "user-2"), T0, T0.AddDays(1), hold: false);

        (await digests.PurgeAsync(T0.AddMinutes(30))).ShouldBe(0);
        (await digests.PurgeAsync(T0.AddHours(1))).ShouldBe(1);
        (await digests.ContainsAsync("k1")).ShouldBeFalse();
        (await digests.GetItemsAsync(old.WindowId)).ShouldBeEmpty();
        (await digests.GetItemsAsync(open.WindowId)).ShouldHaveSingleItem();
    }

    /// <summary>Bad arguments are refused before the store is touched.</summary>
    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        var (digests, _) = CreateStores();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await digests.AddAsync(Item("k1"), T0, T0, hold: false));
        await Should.ThrowAsync<ArgumentException>(async () => await digests.AddAsync(Item("") , T0, T0.AddMinutes(1), hold: false));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await digests.CloseAsync(1, 0, null, T0));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await digests.ListDueAsync(T0, 0));
        await Should.ThrowAsync<ArgumentException>(async () => await digests.ListOpenAsync(""));
    }
}
