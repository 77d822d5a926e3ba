namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>The behaviour every <see cref="ILinkTokenStore"/> provider must have: single use under a race, expiry, a new token retiring the owner's older ones, issue counting and purging.</summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class LinkTokenStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract ILinkTokenStore CreateStore();

    private static LinkTokenRecord DeepLink(string hash, string user, DateTimeOffset? at = null, TimeSpan? lifetime = null) => new()
    {
        TokenHash = hash,
        Kind = LinkTokenKind.DeepLink,
        UserId = user,
        CreatedAt = at ?? T0,
        ExpiresAt = (at ?? T0) + (lifetime ?? TimeSpan.FromMinutes(10)),
    };

    private static LinkTokenRecord ChatCode(string hash, long chat, DateTimeOffset? at = null) => new()
    {
        TokenHash = hash,
        Kind = LinkTokenKind.ChatCode,
        ChatId = chat,
        ChatType = TelegramChatType.Group,
        Language = "en",
        CreatedAt = at ?? T0,
        ExpiresAt = (at ?? T0).AddMinutes(10),
    };

    /// <summary>A token is consumed once.</summary>
    [Fact]
    public async Task A_token_is_consumed_once()
    {
        var store = CreateStore();
        var token = DeepLink("hash-1", "alice");
        await store.AddAsync(token);

        var first = await store.ConsumeAsync("hash-1", LinkTokenKind.DeepLink, T0.AddMinutes(1));
        first.Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        first.Token.ShouldBe(token);

        var second = await CreateStore().ConsumeAsync("hash-1", LinkTokenKind.DeepLink, T0.AddMinutes(2));
        second.Status.ShouldBe(LinkTokenConsumeStatus.AlreadyUsed);
        second.Token.ShouldNotBeNull().UserId.ShouldBe("alice");
        second.Token.State.ShouldBe(LinkTokenState.Used);
    }

    /// <summary>A chat code round trips.</summary>
    [Fact]
    public async Task A_chat_code_round_trips()
    {
        var store = CreateStore();
        var code = ChatCode("code-1", -100500);
        await store.AddAsync(code);
        var result = await store.ConsumeAsync("code-1", LinkTokenKind.ChatCode, T0);
        result.Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        result.Token.ShouldBe(code);
    }

    /// <summary>Unknown hash or other kind is not found.</summary>
    [Fact]
    public async Task Unknown_hash_or_other_kind_is_not_found()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("hash-1", "alice"));
        var unknown = await store.ConsumeAsync("hash-x", LinkTokenKind.DeepLink, T0);
        unknown.Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        unknown.Token.ShouldBeNull();
        (await store.ConsumeAsync("hash-1", LinkTokenKind.ChatCode, T0)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await store.ConsumeAsync("hash-1", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    /// <summary>A token expires at its expiry.</summary>
    [Fact]
    public async Task A_token_expires_at_its_expiry()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("hash-1", "alice"));
        await store.AddAsync(DeepLink("hash-2", "bob"));

        var expired = await store.ConsumeAsync("hash-1", LinkTokenKind.DeepLink, T0.AddMinutes(10));
        expired.Status.ShouldBe(LinkTokenConsumeStatus.Expired);
        expired.Token!.UserId.ShouldBe("alice");
        (await store.ConsumeAsync("hash-1", LinkTokenKind.DeepLink, T0.AddMinutes(11))).Status.ShouldBe(LinkTokenConsumeStatus.Expired);
        (await store.ConsumeAsync("hash-2", LinkTokenKind.DeepLink, T0.AddMinutes(10).AddTicks(-1))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    /// <summary>A new token retires the owners older ones of the same kind.</summary>
    [Fact]
    public async Task A_new_token_retires_the_owners_older_ones_of_the_same_kind()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("a-1", "alice"));
        await store.AddAsync(DeepLink("b-1", "bob"));
        await store.AddAsync(ChatCode("c-1", 77));
        await store.AddAsync(DeepLink("a-2", "alice", T0.AddMinutes(1)));
        await store.AddAsync(ChatCode("c-2", 77, T0.AddMinutes(1)));
        await store.AddAsync(ChatCode("c-other", 78, T0.AddMinutes(1)));

        var retired = await store.ConsumeAsync("a-1", LinkTokenKind.DeepLink, T0.AddMinutes(2));
        retired.Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        retired.Token!.State.ShouldBe(LinkTokenState.Retired);
        (await store.ConsumeAsync("c-1", LinkTokenKind.ChatCode, T0.AddMinutes(2))).Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        (await store.ConsumeAsync("a-2", LinkTokenKind.DeepLink, T0.AddMinutes(2))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        (await store.ConsumeAsync("b-1", LinkTokenKind.DeepLink, T0.AddMinutes(2))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        (await store.ConsumeAsync("c-2", LinkTokenKind.ChatCode, T0.AddMinutes(2))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        (await store.ConsumeAsync("c-other", LinkTokenKind.ChatCode, T0.AddMinutes(2))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    /// <summary>A used token stays used when a newer one is issued.</summary>
    [Fact]
    public async Task A_used_token_stays_used_when_a_newer_one_is_issued()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("a-1", "alice"));
        (await store.ConsumeAsync("a-1", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        await store.AddAsync(DeepLink("a-2", "alice", T0.AddMinutes(1)));
        (await store.ConsumeAsync("a-1", LinkTokenKind.DeepLink, T0.AddMinutes(1))).Status.ShouldBe(LinkTokenConsumeStatus.AlreadyUsed);
        (await store.ConsumeAsync("a-2", LinkTokenKind.DeepLink, T0.AddMinutes(1))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    /// <summary>Issued tokens are counted per user since an instant.</summary>
    [Fact]
    public async Task Issued_tokens_are_counted_per_user_since_an_instant()
    {
        var store = CreateStore();
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(DeepLink($"a-{i}", "alice", T0.AddMinutes(i * 10)));
        }

        await store.AddAsync(DeepLink("b-0", "bob", T0.AddMinutes(45)));
        await store.AddAsync(ChatCode("c-0", 5, T0.AddMinutes(45)));

        (await store.CountIssuedSinceAsync("alice", T0)).ShouldBe(5);
        (await store.CountIssuedSinceAsync("alice", T0.AddMinutes(20))).ShouldBe(3);
        (await store.CountIssuedSinceAsync("alice", T0.AddMinutes(20).AddTicks(1))).ShouldBe(2);
        (await store.CountIssuedSinceAsync("alice", T0.AddHours(1))).ShouldBe(0);
        (await store.CountIssuedSinceAsync("bob", T0)).ShouldBe(1);
        (await store.CountIssuedSinceAsync("carol", T0)).ShouldBe(0);
    }

    /// <summary>Purge deletes tokens that expired before an instant.</summary>
    [Fact]
    public async Task Purge_deletes_tokens_that_expired_before_an_instant()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("old", "alice", T0));
        await store.AddAsync(DeepLink("old-used", "bob", T0));
        await store.ConsumeAsync("old-used", LinkTokenKind.DeepLink, T0);
        await store.AddAsync(ChatCode("old-code", 9, T0));
        await store.AddAsync(DeepLink("new", "carol", T0.AddHours(1)));

        (await store.PurgeAsync(T0.AddMinutes(10))).ShouldBe(0);
        (await store.PurgeAsync(T0.AddMinutes(10).AddTicks(1))).ShouldBe(3);

        (await store.ConsumeAsync("old", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await store.ConsumeAsync("old-used", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await store.ConsumeAsync("old-code", LinkTokenKind.ChatCode, T0)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await store.CountIssuedSinceAsync("alice", T0)).ShouldBe(0);
        (await store.ConsumeAsync("new", LinkTokenKind.DeepLink, T0.AddHours(1))).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    /// <summary>A duplicate hash is refused.</summary>
    [Fact]
    public async Task A_duplicate_hash_is_refused()
    {
        var store = CreateStore();
        await store.AddAsync(DeepLink("same", "alice"));
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.AddAsync(DeepLink("same", "bob")));
        (await store.ConsumeAsync("same", LinkTokenKind.DeepLink, T0)).Token!.UserId.ShouldBe("alice");
    }

    /// <summary>Bad input is refused.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(DeepLink("", "alice")));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(DeepLink("h", "alice") with { UserId = null }));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(ChatCode("h", 1) with { ChatId = null }));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(DeepLink("h", "alice") with { State = LinkTokenState.Used }));
        await Should.ThrowAsync<ArgumentException>(async () => await store.ConsumeAsync("", LinkTokenKind.DeepLink, T0));
    }

    /// <summary>Of many concurrent consumers of one token exactly one wins.</summary>
    [Fact]
    public async Task Of_many_concurrent_consumers_of_one_token_exactly_one_wins()
    {
        await CreateStore().AddAsync(DeepLink("contested", "alice"));
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();

        var results = await Race.RunAsync(16, i => stores[i % stores.Length].ConsumeAsync("contested", LinkTokenKind.DeepLink, T0).AsTask());

        results.Count(r => r.Status == LinkTokenConsumeStatus.Consumed).ShouldBe(1);
        results.Count(r => r.Status == LinkTokenConsumeStatus.AlreadyUsed).ShouldBe(15);
        results.ShouldAllBe(r => r.Token!.UserId == "alice");
    }

    /// <summary>Concurrent issues for one user leave one active token.</summary>
    [Fact]
    public async Task Concurrent_issues_for_one_user_leave_one_active_token()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        await Race.RunAsync(12, async i =>
        {
            await stores[i % stores.Length].AddAsync(DeepLink($"t-{i}", "alice", T0.AddSeconds(i)));
            return i;
        });

        var statuses = new List<LinkTokenConsumeStatus>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await CreateStore().ConsumeAsync($"t-{i}", LinkTokenKind.DeepLink, T0.AddMinutes(1))).Status);
        }

        statuses.Count(s => s == LinkTokenConsumeStatus.Consumed).ShouldBe(1);
        statuses.Count(s => s == LinkTokenConsumeStatus.Retired).ShouldBe(11);
        (await CreateStore().CountIssuedSinceAsync("alice", T0)).ShouldBe(12);
    }
}
