using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

/// <summary>
/// The suites can fail: each one is run on the library's in-memory store with one rule broken, and the test that guards
/// that rule must fail (the same test passes on the working store in every provider's test project).
/// </summary>
public sealed class BrokenStoreTests
{
    private static T InMemory<T>()
        where T : notnull
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram();
        return services.BuildServiceProvider().GetRequiredService<T>();
    }

    /// <summary>The suite's test fails with an assertion (Shouldly's own failures pass through Should.ThrowAsync, so it is recorded here).</summary>
    private static async Task FailsAsync(Func<Task> test)
    {
        var failure = await Record.ExceptionAsync(test);
        failure.ShouldBeOfType<ShouldAssertException>();
    }

    [Fact]
    public async Task The_processed_update_suite_fails_a_store_that_treats_every_id_as_new()
    {
        var fresh = 1_000_000L;
        var store = Tamper.Create<IProcessedUpdateStore>(InMemory<IProcessedUpdateStore>(), (method, args) =>
        {
            if (method == nameof(IProcessedUpdateStore.TryMarkProcessedAsync))
            {
                args[0] = Interlocked.Increment(ref fresh);
            }
        });

        await FailsAsync(() => new ProcessedUpdates(store).An_update_id_is_new_once());
    }

    [Fact]
    public async Task The_chat_link_suite_fails_a_store_that_ignores_exclusive_chats()
    {
        var store = Tamper.Create<IChatLinkStore>(InMemory<IChatLinkStore>(), (method, args) =>
        {
            if (method == nameof(IChatLinkStore.LinkAsync))
            {
                args[1] = false;
            }
        });

        await FailsAsync(() => new ChatLinks(store).An_exclusive_link_removes_other_users_of_the_chat());
    }

    [Fact]
    public async Task The_link_token_suite_fails_a_store_that_never_expires_tokens()
    {
        var store = Tamper.Create<ILinkTokenStore>(InMemory<ILinkTokenStore>(), (method, args) =>
        {
            if (method == nameof(ILinkTokenStore.ConsumeAsync))
            {
                args[2] = DateTimeOffset.MinValue;
            }
        });

        await FailsAsync(() => new LinkTokens(store).A_token_expires_at_its_expiry());
    }

    [Fact]
    public async Task The_outbox_suite_fails_a_store_that_ignores_idempotency_keys()
    {
        var copy = 0;
        var store = Tamper.Create<IOutboxStore>(InMemory<IOutboxStore>(), (method, args) =>
        {
            if (method == nameof(IOutboxStore.EnqueueAsync))
            {
                var message = (OutboxMessage)args[0]!;
                args[0] = message with { IdempotencyKey = $"{message.IdempotencyKey}#{Interlocked.Increment(ref copy)}" };
            }
        });

        await FailsAsync(() => new Outbox(store).Enqueue_is_idempotent_by_key());
    }

    [Fact]
    public async Task The_outbox_suite_fails_a_store_that_ignores_repeated_keys_within_a_list()
    {
        var copy = 0;
        var store = Tamper.Create<IOutboxStore>(InMemory<IOutboxStore>(), (method, args) =>
        {
            if (method == nameof(IOutboxStore.EnqueueManyAsync))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                args[0] = ((IReadOnlyList<OutboxMessage>)args[0]!)
                    .Select(m => seen.Add(m.IdempotencyKey) ? m : m with { IdempotencyKey = $"{m.IdempotencyKey}#{Interlocked.Increment(ref copy)}" })
                    .ToList();
            }
        });

        await FailsAsync(() => new Outbox(store).EnqueueMany_honours_keys_in_the_store_and_within_the_list());
    }

    [Fact]
    public async Task The_outbox_suite_fails_a_store_that_reverses_a_list()
    {
        var store = Tamper.Create<IOutboxStore>(InMemory<IOutboxStore>(), (method, args) =>
        {
            if (method == nameof(IOutboxStore.EnqueueManyAsync))
            {
                args[0] = ((IReadOnlyList<OutboxMessage>)args[0]!).Reverse().ToList();
            }
        });

        await FailsAsync(() => new Outbox(store).EnqueueMany_keeps_each_chats_order_in_a_long_list());
    }

    [Fact]
    public async Task The_outbox_suite_fails_a_store_that_drops_the_trace_context()
    {
        var store = Tamper.Create<IOutboxStore>(InMemory<IOutboxStore>(), (method, args) =>
        {
            if (method == nameof(IOutboxStore.EnqueueAsync))
            {
                args[0] = (OutboxMessage)args[0]! with { TraceState = null };
            }
        });

        await FailsAsync(() => new Outbox(store).The_trace_context_is_kept_with_the_message());
    }

    [Fact]
    public async Task The_job_lease_suite_fails_a_store_that_lets_a_live_lease_be_taken()
    {
        var store = Tamper.Create<IJobLeaseStore>(InMemory<IJobLeaseStore>(), (method, args) =>
        {
            if (method == nameof(IJobLeaseStore.TryAcquireAsync))
            {
                args[3] = ((DateTimeOffset)args[3]!).AddDays(1); // every lease looks expired
            }
        });

        await FailsAsync(() => new JobLeases(store).A_live_lease_keeps_other_owners_out_and_lets_its_owner_renew());
    }

    [Fact]
    public async Task The_rate_limit_suite_fails_a_store_that_checks_then_takes()
    {
        var store = new CheckThenTakeRateLimitStore(InMemory<IRateLimitStore>());

        await FailsAsync(() => new RateLimits(store).Of_50_concurrent_takes_against_a_limit_of_10_exactly_10_are_granted());
    }

    [Fact]
    public async Task The_event_delivery_suite_fails_a_store_that_leases_a_leased_event_again()
    {
        var store = Tamper.Create<IEventDeliveryStore>(InMemory<IEventDeliveryStore>(), (method, args) =>
        {
            if (method == nameof(IEventDeliveryStore.LeaseAsync))
            {
                args[0] = ((DateTimeOffset)args[0]!).AddHours(1); // every lease looks expired
                args[1] = ((DateTimeOffset)args[1]!).AddHours(1);
            }
        });

        await FailsAsync(() => new EventDeliveries(store).A_lease_takes_due_events_oldest_first_and_holds_them_until_it_expires());
    }

    // private, so xunit does not collect them as test classes of their own

    private sealed class ProcessedUpdates(IProcessedUpdateStore store) : ProcessedUpdateStoreConformance
    {
        protected override IProcessedUpdateStore CreateStore() => store;
    }

    private sealed class ChatLinks(IChatLinkStore store) : ChatLinkStoreConformance
    {
        protected override IChatLinkStore CreateStore() => store;
    }

    private sealed class LinkTokens(ILinkTokenStore store) : LinkTokenStoreConformance
    {
        protected override ILinkTokenStore CreateStore() => store;
    }

    private sealed class Outbox(IOutboxStore store) : OutboxStoreConformance
    {
        protected override IOutboxStore CreateStore() => store;
    }

    private sealed class JobLeases(IJobLeaseStore store) : JobLeaseStoreConformance
    {
        protected override IJobLeaseStore CreateStore() => store;
    }

    private sealed class EventDeliveries(IEventDeliveryStore store) : EventDeliveryStoreConformance
    {
        protected override IEventDeliveryStore CreateStore() => store;
    }

    private sealed class RateLimits(IRateLimitStore store) : RateLimitStoreConformance
    {
        protected override IRateLimitStore CreateStore() => store;
    }

    /// <summary>
    /// The mistake the suite's race guards against: the count is checked in one step and the permit taken in another
    /// (the pause between them stands for a round trip to a database), so concurrent callers all pass the check.
    /// </summary>
    private sealed class CheckThenTakeRateLimitStore(IRateLimitStore inner) : IRateLimitStore
    {
        public async ValueTask<RateLimitResult> TryTakeAsync(string scope, string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            var check = await inner.TryTakeAsync(scope, key, limit, window, now, cancellationToken);
            if (!check.Granted)
            {
                return check;
            }

            await inner.ReturnAsync(check.Permit!, cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            return await inner.TryTakeAsync(scope, key, int.MaxValue, window, now, cancellationToken);
        }

        public ValueTask<bool> ReturnAsync(RateLimitPermit permit, CancellationToken cancellationToken = default) => inner.ReturnAsync(permit, cancellationToken);

        public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => inner.PurgeAsync(before, cancellationToken);
    }
}
