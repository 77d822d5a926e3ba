namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>
/// The behaviour every <see cref="IRateLimitStore"/> provider must have: at most the limit of permits in any sliding
/// window per scope and key, even under a race between stores over the same storage; a refusal says when a permit
/// frees; a permit given back no longer counts; purge forgets permits whose window ended.
/// </summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class RateLimitStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IRateLimitStore CreateStore();

    /// <summary>Permits are granted up to the limit, then refused until the oldest leaves the window.</summary>
    [Fact]
    public async Task Permits_are_granted_up_to_the_limit_then_refused_until_the_oldest_leaves_the_window()
    {
        var store = CreateStore();
        for (var i = 0; i < 3; i++)
        {
            var granted = await store.TryTakeAsync("verify", "user-a", 3, Hour, T0.AddMinutes(i * 10));
            granted.Granted.ShouldBeTrue();
            granted.RetryAfter.ShouldBe(TimeSpan.Zero);
            granted.Permit!.Scope.ShouldBe("verify");
            granted.Permit.Key.ShouldBe("user-a");
            granted.Permit.TakenAt.ShouldBe(T0.AddMinutes(i * 10));
        }

        var refused = await CreateStore().TryTakeAsync("verify", "user-a", 3, Hour, T0.AddMinutes(25));
        refused.Granted.ShouldBeFalse();
        refused.Permit.ShouldBeNull();
        refused.RetryAfter.ShouldBe(TimeSpan.FromMinutes(35), "the first permit, taken at T0, leaves the window at T0 + 1 h");

        // a refusal takes nothing: just before the first permit leaves, still refused; at that instant, granted
        (await store.TryTakeAsync("verify", "user-a", 3, Hour, T0 + Hour - TimeSpan.FromTicks(1))).RetryAfter.ShouldBe(TimeSpan.FromTicks(1));
        (await store.TryTakeAsync("verify", "user-a", 3, Hour, T0 + Hour)).Granted.ShouldBeTrue();
        var next = await store.TryTakeAsync("verify", "user-a", 3, Hour, T0 + Hour);
        next.Granted.ShouldBeFalse();
        next.RetryAfter.ShouldBe(TimeSpan.FromMinutes(10), "the permit taken at T0 + 10 min leaves next");
    }

    /// <summary>Scopes and keys count on their own.</summary>
    [Fact]
    public async Task Scopes_and_keys_count_on_their_own()
    {
        var store = CreateStore();
        (await store.TryTakeAsync("verify", "user-a", 1, Hour, T0)).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("verify", "user-a", 1, Hour, T0)).Granted.ShouldBeFalse();
        (await store.TryTakeAsync("verify", "user-b", 1, Hour, T0)).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("settings", "user-a", 1, Hour, T0)).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("verify", "USER-A", 1, Hour, T0)).Granted.ShouldBeTrue("keys are compared exactly");
        (await store.TryTakeAsync("verify", "user-a\n", 1, Hour, T0)).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("verify\nuser-a", "x", 1, Hour, T0)).Granted.ShouldBeTrue();
    }

    /// <summary>Keys of any content are kept as they are.</summary>
    [Fact]
    public async Task Keys_of_any_content_are_kept_as_they_are()
    {
        var store = CreateStore();
        string[] keys = ["'; DROP TABLE rate_limit_permits; --", "사용자🙂", "a\"b\\c%_*", new string('k', StoreArguments.MaxRateLimitKeyLength)];
        foreach (var key in keys)
        {
            var permit = await store.TryTakeAsync("scope", key, 1, Hour, T0);
            permit.Permit.ShouldNotBeNull().Key.ShouldBe(key);
            (await CreateStore().TryTakeAsync("scope", key, 1, Hour, T0)).Granted.ShouldBeFalse();
        }
    }

    /// <summary>A smaller limit counts the permits already in the window.</summary>
    [Fact]
    public async Task A_smaller_limit_counts_the_permits_already_in_the_window()
    {
        var store = CreateStore();
        for (var i = 0; i < 4; i++)
        {
            (await store.TryTakeAsync("s", "k", 10, Hour, T0.AddMinutes(i))).Granted.ShouldBeTrue();
        }

        var refused = await store.TryTakeAsync("s", "k", 2, Hour, T0.AddMinutes(5));
        refused.Granted.ShouldBeFalse();
        refused.RetryAfter.ShouldBe(TimeSpan.FromMinutes(57), "with four permits and a limit of two, a take succeeds when the second newest (T0 + 2 min) leaves");
    }

    /// <summary>A permit given back no longer counts, once.</summary>
    [Fact]
    public async Task A_permit_given_back_no_longer_counts_once()
    {
        var store = CreateStore();
        var first = (await store.TryTakeAsync("s", "k", 2, Hour, T0)).Permit.ShouldNotBeNull();
        var second = (await store.TryTakeAsync("s", "k", 2, Hour, T0.AddMinutes(1))).Permit.ShouldNotBeNull();
        first.Id.ShouldNotBe(second.Id);
        (await store.TryTakeAsync("s", "k", 2, Hour, T0.AddMinutes(2))).Granted.ShouldBeFalse();

        (await CreateStore().ReturnAsync(first)).ShouldBeTrue();
        (await store.ReturnAsync(first)).ShouldBeFalse("a permit is given back once");
        (await store.ReturnAsync(first with { Key = "other" })).ShouldBeFalse("a permit is given back only under its own key");
        (await store.TryTakeAsync("s", "k", 2, Hour, T0.AddMinutes(2))).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("s", "k", 2, Hour, T0.AddMinutes(2))).Granted.ShouldBeFalse();
    }

    /// <summary>Purge forgets permits whose window ended and keeps the others.</summary>
    [Fact]
    public async Task Purge_forgets_permits_whose_window_ended()
    {
        var store = CreateStore();
        (await store.TryTakeAsync("s", "short", 1, TimeSpan.FromMinutes(1), T0)).Granted.ShouldBeTrue();
        (await store.TryTakeAsync("s", "long", 1, Hour, T0)).Granted.ShouldBeTrue();

        (await store.PurgeAsync(T0.AddSeconds(59))).ShouldBe(0);
        (await store.PurgeAsync(T0.AddMinutes(1))).ShouldBe(1);
        (await store.TryTakeAsync("s", "long", 1, Hour, T0.AddMinutes(2))).Granted.ShouldBeFalse("a permit in its window is kept");
        (await store.TryTakeAsync("s", "short", 1, TimeSpan.FromMinutes(1), T0.AddMinutes(2))).Granted.ShouldBeTrue();
    }

    /// <summary>Of 50 concurrent takes against a limit of 10, exactly 10 are granted.</summary>
    [Fact]
    public async Task Of_50_concurrent_takes_against_a_limit_of_10_exactly_10_are_granted()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(50, i => stores[i % stores.Length].TryTakeAsync("verify", "racer", 10, Hour, T0).AsTask());

        results.Count(r => r.Granted).ShouldBe(10);
        results.Where(r => r.Granted).Select(r => r.Permit!.Id).Distinct().Count().ShouldBe(10);
        results.Where(r => !r.Granted).ShouldAllBe(r => r.RetryAfter == Hour);
        (await stores[0].TryTakeAsync("verify", "racer", 10, Hour, T0.AddMinutes(1))).Granted.ShouldBeFalse();
    }

    /// <summary>Concurrent takes for different keys do not hold each other back.</summary>
    [Fact]
    public async Task Concurrent_takes_for_different_keys_are_all_granted()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(20, i => stores[i % stores.Length].TryTakeAsync("verify", $"user-{i}", 1, Hour, T0).AsTask());
        results.ShouldAllBe(r => r.Granted);
    }

    /// <summary>Bad input is refused.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryTakeAsync("", "k", 1, Hour, T0));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.TryTakeAsync("s", null!, 1, Hour, T0));
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryTakeAsync("s", new string('k', StoreArguments.MaxRateLimitKeyLength + 1), 1, Hour, T0));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.TryTakeAsync("s", "k", 0, Hour, T0));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await store.TryTakeAsync("s", "k", 1, TimeSpan.Zero, T0));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.ReturnAsync(null!));
        await Should.ThrowAsync<ArgumentException>(async () => await store.ReturnAsync(new RateLimitPermit("s", "", 1, T0)));
    }
}
