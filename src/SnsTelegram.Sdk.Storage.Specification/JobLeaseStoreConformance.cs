namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>The behaviour every <see cref="IJobLeaseStore"/> provider must have: one owner per job occurrence, renewal by the owner, take-over after expiry, completed occurrences never run again, the last run.</summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>;
/// every test below then runs against it. Implement <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> on the
/// derived class to clean up the storage after each test.
/// </remarks>
public abstract class JobLeaseStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have). xunit creates a new test
    /// class instance for every test, so the storage starts empty for each test.
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract IJobLeaseStore CreateStore();

    /// <summary>A live lease keeps other owners out and lets its owner renew.</summary>
    [Fact]
    public async Task A_live_lease_keeps_other_owners_out_and_lets_its_owner_renew()
    {
        var store = CreateStore();
        (await store.TryAcquireAsync("job", T0, "a", T0, T0.AddMinutes(5))).ShouldBeTrue();
        (await CreateStore().TryAcquireAsync("job", T0, "b", T0.AddMinutes(1), T0.AddMinutes(6))).ShouldBeFalse();
        (await store.TryAcquireAsync("job", T0, "a", T0.AddMinutes(4), T0.AddMinutes(9))).ShouldBeTrue();
        (await store.TryAcquireAsync("job", T0, "b", T0.AddMinutes(6), T0.AddMinutes(11))).ShouldBeFalse();
    }

    /// <summary>An expired lease can be taken over.</summary>
    [Fact]
    public async Task An_expired_lease_can_be_taken_over()
    {
        var store = CreateStore();
        (await store.TryAcquireAsync("job", T0, "a", T0, T0.AddMinutes(5))).ShouldBeTrue();
        (await store.TryAcquireAsync("job", T0, "b", T0.AddMinutes(5), T0.AddMinutes(10))).ShouldBeTrue();
        (await store.TryAcquireAsync("job", T0, "a", T0.AddMinutes(6), T0.AddMinutes(11))).ShouldBeFalse();
    }

    /// <summary>Occurrences and jobs are independent.</summary>
    [Fact]
    public async Task Occurrences_and_jobs_are_independent()
    {
        var store = CreateStore();
        (await store.TryAcquireAsync("job", T0, "a", T0, T0.AddMinutes(5))).ShouldBeTrue();
        (await store.TryAcquireAsync("job", T0.AddHours(1), "b", T0, T0.AddMinutes(5))).ShouldBeTrue();
        (await store.TryAcquireAsync("other", T0, "b", T0, T0.AddMinutes(5))).ShouldBeTrue();
    }

    /// <summary>A completed occurrence is never acquired again.</summary>
    [Fact]
    public async Task A_completed_occurrence_is_never_acquired_again()
    {
        var store = CreateStore();
        (await store.TryAcquireAsync("job", T0, "a", T0, T0.AddMinutes(5))).ShouldBeTrue();
        await store.CompleteAsync(new JobRunRecord("job", T0, "a", T0, TimeSpan.FromSeconds(3), JobOutcome.Succeeded));

        var other = CreateStore();
        (await other.TryAcquireAsync("job", T0, "b", T0.AddMinutes(1), T0.AddMinutes(6))).ShouldBeFalse();
        (await other.TryAcquireAsync("job", T0, "b", T0.AddDays(30), T0.AddDays(30).AddMinutes(5))).ShouldBeFalse();
        (await store.TryAcquireAsync("job", T0, "a", T0.AddDays(30), T0.AddDays(30).AddMinutes(5))).ShouldBeFalse();
        (await other.TryAcquireAsync("job", T0.AddMinutes(1), "b", T0.AddMinutes(1), T0.AddMinutes(6))).ShouldBeTrue();
    }

    /// <summary>Purge forgets old finished occurrences and keeps live leases and the run history.</summary>
    [Fact]
    public async Task Purge_forgets_old_finished_occurrences_and_keeps_live_leases_and_the_run_history()
    {
        var store = CreateStore();
        await store.CompleteAsync(new JobRunRecord("job", T0, "a", T0, TimeSpan.FromSeconds(1), JobOutcome.Succeeded));
        await store.CompleteAsync(new JobRunRecord("job", T0.AddDays(1), "a", T0.AddDays(1), TimeSpan.FromSeconds(1), JobOutcome.Succeeded));
        (await store.TryAcquireAsync("abandoned", T0, "a", T0, T0.AddMinutes(5))).ShouldBeTrue();
        (await store.TryAcquireAsync("long", T0, "a", T0, T0.AddDays(3))).ShouldBeTrue();

        (await CreateStore().PurgeAsync(T0.AddDays(1))).ShouldBe(2);
        (await store.PurgeAsync(T0.AddDays(1))).ShouldBe(0);

        // the purged abandoned occurrence is free again; the live lease and the newer completed one still hold
        (await store.TryAcquireAsync("abandoned", T0, "b", T0.AddDays(1), T0.AddDays(1).AddMinutes(5))).ShouldBeTrue();
        (await store.TryAcquireAsync("long", T0, "b", T0.AddDays(1), T0.AddDays(1).AddMinutes(5))).ShouldBeFalse();
        (await store.TryAcquireAsync("job", T0.AddDays(1), "b", T0.AddDays(2), T0.AddDays(2).AddMinutes(5))).ShouldBeFalse();
        (await store.GetLastRunAsync("job")).ShouldNotBeNull().Occurrence.ShouldBe(T0.AddDays(1));
    }

    /// <summary>A failed or canceled run also completes its occurrence.</summary>
    [Fact]
    public async Task A_failed_or_canceled_run_also_completes_its_occurrence()
    {
        var store = CreateStore();
        await store.CompleteAsync(new JobRunRecord("job", T0, "a", T0, TimeSpan.FromSeconds(1), JobOutcome.Failed, "boom"));
        await store.CompleteAsync(new JobRunRecord("job", T0.AddHours(1), "a", T0.AddHours(1), TimeSpan.Zero, JobOutcome.Canceled));
        (await store.TryAcquireAsync("job", T0, "b", T0.AddHours(2), T0.AddHours(3))).ShouldBeFalse();
        (await store.TryAcquireAsync("job", T0.AddHours(1), "b", T0.AddHours(2), T0.AddHours(3))).ShouldBeFalse();
    }

    /// <summary>The last run is the latest completed one.</summary>
    [Fact]
    public async Task The_last_run_is_the_latest_completed_one()
    {
        var store = CreateStore();
        (await store.GetLastRunAsync("job")).ShouldBeNull();

        var first = new JobRunRecord("job", T0, "a", T0.AddSeconds(1), TimeSpan.FromMilliseconds(1500), JobOutcome.Succeeded);
        var second = new JobRunRecord("job", T0.AddHours(1), "b", T0.AddHours(1).AddSeconds(2), TimeSpan.FromTicks(12345678), JobOutcome.Failed, "it broke");
        await store.CompleteAsync(first);
        (await CreateStore().GetLastRunAsync("job")).ShouldBe(first);
        await store.CompleteAsync(second);
        await store.CompleteAsync(new JobRunRecord("other", T0.AddDays(1), "c", T0.AddDays(1), TimeSpan.Zero, JobOutcome.Succeeded));

        var last = await CreateStore().GetLastRunAsync("job");
        last.ShouldBe(second);
        last!.Occurrence.UtcTicks.ShouldBe(second.Occurrence.UtcTicks);
        (await store.GetLastRunAsync("other"))!.Owner.ShouldBe("c");
    }

    /// <summary>Of several owners exactly one acquires an occurrence.</summary>
    [Fact]
    public async Task Of_several_owners_exactly_one_acquires_an_occurrence()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(8, i =>
            stores[i % stores.Length].TryAcquireAsync("daily", T0, $"instance-{i}", T0, T0.AddMinutes(5)).AsTask());
        results.Count(r => r).ShouldBe(1);
    }

    /// <summary>Of several owners racing on an expired lease exactly one takes it.</summary>
    [Fact]
    public async Task Of_several_owners_racing_on_an_expired_lease_exactly_one_takes_it()
    {
        (await CreateStore().TryAcquireAsync("daily", T0, "crashed", T0, T0.AddMinutes(1))).ShouldBeTrue();
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var results = await Race.RunAsync(8, i =>
            stores[i % stores.Length].TryAcquireAsync("daily", T0, $"instance-{i}", T0.AddMinutes(2), T0.AddMinutes(7)).AsTask());
        results.Count(r => r).ShouldBe(1);
    }

    /// <summary>Bad input is refused.</summary>
    [Fact]
    public async Task Bad_input_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryAcquireAsync("", T0, "a", T0, T0));
        await Should.ThrowAsync<ArgumentException>(async () => await store.TryAcquireAsync("job", T0, " ", T0, T0));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.CompleteAsync(null!));
    }
}
