namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>The behaviour every <see cref="IChatLinkStore"/> provider must have: one link per user, exclusive private chats, shared groups, enable and migrate by chat, keyset paging in ordinal order.</summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class ChatLinkStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IChatLinkStore CreateStore();

    private static ChatLink Link(string user, long chat, TelegramChatType type = TelegramChatType.Private) =>
        new() { UserId = user, ChatId = chat, ChatType = type, LinkedAt = T0 };

    /// <summary>Unknown user has no link.</summary>
    [Fact]
    public async Task Unknown_user_has_no_link()
    {
        var store = CreateStore();
        (await store.GetAsync("nobody")).ShouldBeNull();
        (await store.GetByChatAsync(42)).ShouldBeEmpty();
        (await store.UnlinkAsync("nobody")).ShouldBeFalse();
        (await store.UpdateAsync(Link("nobody", 42))).ShouldBeFalse();
    }

    /// <summary>
    /// Many users' links are read at once: each linked user's full link by user id, users with no link left out, an id given
    /// twice read once, ids that differ only in case told apart, and more users than one query of a database takes.
    /// </summary>
    [Fact]
    public async Task GetMany_reads_the_links_of_many_users()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", 1) with { Language = "en", MutedTypes = new HashSet<string> { NotificationTypes.PostSuccess } }, exclusiveChat: true);
        await store.LinkAsync(Link("Alice", 2), exclusiveChat: true);
        await store.LinkAsync(Link("team-a", -100, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("team-b", -100, TelegramChatType.Group) with { Enabled = false, DisabledReason = ChatLinkDisabledReasons.StoppedByUser }, exclusiveChat: false);
        await store.LinkAsync(Link("이용자 \"q\"", 3), exclusiveChat: true);

        var links = await CreateStore().GetManyAsync(["alice", "nobody", "team-a", "alice", "team-b", "Alice", "이용자 \"q\""]);

        links.Keys.Order(StringComparer.Ordinal).ShouldBe(["Alice", "alice", "team-a", "team-b", "이용자 \"q\""]);
        links["alice"].ChatId.ShouldBe(1);
        links["alice"].Language.ShouldBe("en");
        links["alice"].MutedTypes.ShouldBe([NotificationTypes.PostSuccess]);
        links["Alice"].ChatId.ShouldBe(2);
        links["team-a"].ChatType.ShouldBe(TelegramChatType.Group);
        links["team-b"].Enabled.ShouldBeFalse();
        links["team-b"].DisabledReason.ShouldBe(ChatLinkDisabledReasons.StoppedByUser);
        links["이용자 \"q\""].ChatId.ShouldBe(3);
        (await store.GetManyAsync([])).ShouldBeEmpty();

        for (var i = 0; i < 1100; i++)
        {
            await store.LinkAsync(Link($"bulk-{i:D4}", 10_000 + i), exclusiveChat: true);
        }

        var many = await store.GetManyAsync([.. Enumerable.Range(0, 1200).Select(i => $"bulk-{i:D4}")]);
        many.Count.ShouldBe(1100);
        many["bulk-1099"].ChatId.ShouldBe(11_099);
    }

    /// <summary>A null list, or a list with an empty user id, is refused with an error that names the id.</summary>
    [Fact]
    public async Task GetMany_refuses_bad_input()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.GetManyAsync(null!));
        (await Should.ThrowAsync<ArgumentException>(async () => await store.GetManyAsync(["alice", " "]))).ParamName.ShouldBe("userIds[1]");
        (await Should.ThrowAsync<ArgumentNullException>(async () => await store.GetManyAsync([null!]))).ParamName.ShouldBe("userIds[0]");
    }

    /// <summary>Link round trips every setting.</summary>
    [Fact]
    public async Task Link_round_trips_every_setting()
    {
        var store = CreateStore();
        var link = new ChatLink
        {
            UserId = "user-1",
            ChatId = -1001234567890,
            ChatType = TelegramChatType.Supergroup,
            Enabled = false,
            DisabledReason = ChatLinkDisabledReasons.StoppedByUser,
            LinkedAt = T0.AddTicks(1234567),
            Language = "en",
            TimeZone = "Asia/Seoul",
            DailyReportTime = new TimeOnly(8, 30),
            MutedTypes = new HashSet<string> { NotificationTypes.PostSuccess, NotificationTypes.DailySummary },
            QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) { Mode = QuietHoursMode.Hold, Days = WeekDays.Monday | WeekDays.Friday, UrgentBypass = true },
            DigestMinutes = 30,
            DigestTypes = new HashSet<string> { NotificationTypes.PostSuccess, NotificationTypes.PostFailure },
            ForumTopics = new Dictionary<string, int> { [NotificationTypes.PostSuccess] = 11, [NotificationTypes.PostFailure] = 21 },
        };

        (await store.LinkAsync(link, exclusiveChat: false)).ShouldBeEmpty();

        var stored = await CreateStore().GetAsync("user-1");
        stored.ShouldBe(link);
        stored!.LinkedAt.UtcTicks.ShouldBe(link.LinkedAt.UtcTicks);
        (await store.GetByChatAsync(-1001234567890)).ShouldHaveSingleItem().ShouldBe(link);
    }

    /// <summary>Defaults round trip.</summary>
    [Fact]
    public async Task Defaults_round_trip()
    {
        var store = CreateStore();
        var link = Link("user-1", 7);
        await store.LinkAsync(link, exclusiveChat: true);
        var stored = (await store.GetAsync("user-1")).ShouldNotBeNull();
        stored.ShouldBe(link);
        stored.MutedTypes.ShouldBeEmpty();
        stored.QuietHours.ShouldBeNull();
        stored.DailyReportTime.ShouldBeNull();
        stored.Language.ShouldBeNull();
        stored.DigestMinutes.ShouldBe(0);
        stored.DigestTypes.ShouldBeNull();
        stored.ForumTopics.ShouldBeNull();

        // a forum without topics yet is kept apart from "not a forum"
        await store.UpdateAsync(link with { ForumTopics = new Dictionary<string, int>() });
        (await store.GetAsync("user-1")).ShouldNotBeNull().ForumTopics.ShouldNotBeNull().ShouldBeEmpty();

        // an empty list of digest types is kept apart from "the default types"
        await store.UpdateAsync(link with { DigestMinutes = 1440, DigestTypes = new HashSet<string>() });
        var empty = (await store.GetAsync("user-1")).ShouldNotBeNull();
        empty.DigestMinutes.ShouldBe(1440);
        empty.DigestTypes.ShouldNotBeNull().ShouldBeEmpty();
    }

    /// <summary>A new link replaces the users previous one.</summary>
    [Fact]
    public async Task A_new_link_replaces_the_users_previous_one()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("user-1", 100), exclusiveChat: true);
        await store.LinkAsync(Link("user-1", 200), exclusiveChat: true);

        (await store.GetAsync("user-1"))!.ChatId.ShouldBe(200);
        (await store.GetByChatAsync(100)).ShouldBeEmpty();
        (await store.GetByChatAsync(200)).ShouldHaveSingleItem().UserId.ShouldBe("user-1");
    }

    /// <summary>An exclusive link removes other users of the chat.</summary>
    [Fact]
    public async Task An_exclusive_link_removes_other_users_of_the_chat()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", 100), exclusiveChat: true);
        await store.LinkAsync(Link("bob", 100), exclusiveChat: false);
        (await store.GetByChatAsync(100)).Select(l => l.UserId).ShouldBe(["alice", "bob"], ignoreOrder: true);

        var removed = await store.LinkAsync(Link("carol", 100), exclusiveChat: true);

        removed.ShouldBe(["alice", "bob"], ignoreOrder: true);
        (await store.GetAsync("alice")).ShouldBeNull();
        (await store.GetAsync("bob")).ShouldBeNull();
        (await store.GetByChatAsync(100)).ShouldHaveSingleItem().UserId.ShouldBe("carol");
    }

    /// <summary>Relinking the same user to the same chat removes nobody.</summary>
    [Fact]
    public async Task Relinking_the_same_user_to_the_same_chat_removes_nobody()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", 100), exclusiveChat: true);
        (await store.LinkAsync(Link("alice", 100) with { Language = "en" }, exclusiveChat: true)).ShouldBeEmpty();
        (await store.GetAsync("alice"))!.Language.ShouldBe("en");
    }

    /// <summary>A group may serve a team.</summary>
    [Fact]
    public async Task A_group_may_serve_a_team()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", -500, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("bob", -500, TelegramChatType.Group), exclusiveChat: false);
        (await store.GetByChatAsync(-500)).Count.ShouldBe(2);
    }

    /// <summary>Update replaces settings.</summary>
    [Fact]
    public async Task Update_replaces_settings()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", 100), exclusiveChat: true);
        var changed = Link("alice", 100) with
        {
            Language = "en",
            TimeZone = "Europe/Berlin",
            MutedTypes = new HashSet<string> { NotificationTypes.PostFailure },
            QuietHours = new QuietHours(new TimeOnly(1, 0), new TimeOnly(2, 0)),
            DailyReportTime = new TimeOnly(18, 15),
        };

        (await store.UpdateAsync(changed)).ShouldBeTrue();
        (await CreateStore().GetAsync("alice")).ShouldBe(changed);
    }

    /// <summary>Stored links do not change when the callers set does.</summary>
    [Fact]
    public async Task Stored_links_do_not_change_when_the_callers_set_does()
    {
        var store = CreateStore();
        var muted = new HashSet<string> { NotificationTypes.PostFailure };
        await store.LinkAsync(Link("alice", 100) with { MutedTypes = muted }, exclusiveChat: true);
        muted.Add(NotificationTypes.PostSuccess);
        (await store.GetAsync("alice"))!.MutedTypes.ShouldBe([NotificationTypes.PostFailure]);
    }

    /// <summary>Unlink removes the link once.</summary>
    [Fact]
    public async Task Unlink_removes_the_link_once()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", 100), exclusiveChat: true);
        (await store.UnlinkAsync("alice")).ShouldBeTrue();
        (await store.UnlinkAsync("alice")).ShouldBeFalse();
        (await store.GetAsync("alice")).ShouldBeNull();
        (await store.GetByChatAsync(100)).ShouldBeEmpty();
    }

    /// <summary>Set enabled for chat turns every link of the chat off and on.</summary>
    [Fact]
    public async Task Set_enabled_for_chat_turns_every_link_of_the_chat_off_and_on()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", -7, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("bob", -7, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("carol", 8), exclusiveChat: false);

        (await store.SetEnabledForChatAsync(-7, false, ChatLinkDisabledReasons.BotBlocked)).ShouldBe(2);
        (await store.SetEnabledForChatAsync(-7, false, ChatLinkDisabledReasons.BotBlocked)).ShouldBe(0);
        var alice = (await store.GetAsync("alice"))!;
        alice.Enabled.ShouldBeFalse();
        alice.DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
        (await store.GetAsync("carol"))!.Enabled.ShouldBeTrue();

        (await store.SetEnabledForChatAsync(-7, true, null)).ShouldBe(2);
        var bob = (await store.GetAsync("bob"))!;
        bob.Enabled.ShouldBeTrue();
        bob.DisabledReason.ShouldBeNull();
        (await store.SetEnabledForChatAsync(12345, false, ChatLinkDisabledReasons.ChatNotFound)).ShouldBe(0);
    }

    /// <summary>Migrating a chat moves every link and makes a group a supergroup.</summary>
    [Fact]
    public async Task Migrating_a_chat_moves_every_link_and_makes_a_group_a_supergroup()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("alice", -7, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("bob", -7, TelegramChatType.Group), exclusiveChat: false);
        await store.LinkAsync(Link("carol", 8), exclusiveChat: false);

        (await store.MigrateChatAsync(-7, -1007)).ShouldBe(2);

        (await store.GetByChatAsync(-7)).ShouldBeEmpty();
        var moved = await store.GetByChatAsync(-1007);
        moved.Select(l => l.UserId).ShouldBe(["alice", "bob"], ignoreOrder: true);
        moved.ShouldAllBe(l => l.ChatType == TelegramChatType.Supergroup);
        (await store.GetAsync("alice"))!.ChatId.ShouldBe(-1007);
        (await store.GetAsync("carol"))!.ChatId.ShouldBe(8);
        (await store.MigrateChatAsync(-7, -1007)).ShouldBe(0);
    }

    /// <summary>List enabled pages in ordinal order by keyset.</summary>
    [Fact]
    public async Task List_enabled_pages_in_ordinal_order_by_keyset()
    {
        var store = CreateStore();
        var users = new List<string>();
        for (var i = 0; i < 37; i++)
        {
            var user = (i % 3) switch { 0 => $"user-{i:D3}", 1 => $"User-{i:D3}", _ => $"u_{i}" };
            users.Add(user);
            await store.LinkAsync(Link(user, 1000 + i) with { Enabled = i % 5 != 0 }, exclusiveChat: true);
        }

        var expected = users.Where((_, i) => i % 5 != 0).Order(StringComparer.Ordinal).ToList();
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.ListEnabledAsync(after, 8);
            page.Count.ShouldBeLessThanOrEqualTo(8);
            if (page.Count == 0)
            {
                break;
            }

            page.ShouldAllBe(l => l.Enabled);
            seen.AddRange(page.Select(l => l.UserId));
            after = page[^1].UserId;
        }

        seen.ShouldBe(expected);
        (await store.ListEnabledAsync(null, 1000)).Select(l => l.UserId).ShouldBe(expected);
        (await store.ListEnabledAsync("\uffff", 10)).ShouldBeEmpty();
        (await store.ListEnabledAsync("User-000", 1)).ShouldHaveSingleItem().UserId.ShouldBe(expected.First(u => string.CompareOrdinal(u, "User-000") > 0));
    }

    /// <summary>List enabled follows enable changes.</summary>
    [Fact]
    public async Task List_enabled_follows_enable_changes()
    {
        var store = CreateStore();
        await store.LinkAsync(Link("a", 1), exclusiveChat: true);
        await store.LinkAsync(Link("b", 2), exclusiveChat: true);
        await store.SetEnabledForChatAsync(1, false, ChatLinkDisabledReasons.StoppedByUser);
        (await store.ListEnabledAsync(null, 10)).Select(l => l.UserId).ShouldBe(["b"]);
        await store.UpdateAsync(Link("b", 2) with { Enabled = false });
        (await store.ListEnabledAsync(null, 10)).ShouldBeEmpty();
        await store.SetEnabledForChatAsync(1, true, null);
        (await store.ListEnabledAsync(null, 10)).Select(l => l.UserId).ShouldBe(["a"]);
    }

    /// <summary>Bad input is refused.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.GetAsync(""));
        await Should.ThrowAsync<ArgumentException>(async () => await store.LinkAsync(Link(" ", 1), exclusiveChat: true));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.LinkAsync(null!, exclusiveChat: true));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.ListEnabledAsync(null, 0));
    }

    /// <summary>Parallel links to one private chat leave exactly one.</summary>
    [Fact]
    public async Task Parallel_links_to_one_private_chat_leave_exactly_one()
    {
        var results = await Race.RunAsync(8, async i =>
            await CreateStore().LinkAsync(Link($"racer-{i}", 555), exclusiveChat: true));

        var store = CreateStore();
        var survivors = await store.GetByChatAsync(555);
        survivors.Count.ShouldBe(1);
        results.Sum(r => r.Count).ShouldBe(7);
    }
}
