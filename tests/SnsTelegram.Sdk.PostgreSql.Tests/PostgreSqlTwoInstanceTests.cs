using System.Collections.Concurrent;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>Two app instances, each with its own data source (connection pool) and stores, sharing one database.</summary>
public sealed class PostgreSqlTwoInstanceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly PostgreSqlTestSchema _schema = new();
    private readonly PostgreSqlOutboxStore _a;
    private readonly PostgreSqlOutboxStore _b;

    public PostgreSqlTwoInstanceTests()
    {
        _a = new PostgreSqlOutboxStore(_schema.OpenDatabase());
        _b = new PostgreSqlOutboxStore(_schema.OpenDatabase());
    }

    public void Dispose() => _schema.Dispose();

    private static OutboxMessage Message(string key, long chat) => new()
    {
        IdempotencyKey = key,
        UserId = $"user-{chat}",
        ChatId = chat,
        NotificationType = NotificationTypes.PostSuccess,
        Message = new TelegramMessage(key),
        CreatedAt = T0,
        DueAt = T0,
    };

    [Fact]
    public async Task Concurrent_lease_calls_from_two_instances_never_return_the_same_message()
    {
        var ids = new List<long>();
        for (var chat = 0; chat < 120; chat++)
        {
            ids.Add((await (chat % 2 == 0 ? _a : _b).EnqueueAsync(Message($"m-{chat}", chat))).Id);
        }

        // many lease calls at once, half from each instance, each asking for a slice
        var results = await Race.RunAsync(12, i => (i % 2 == 0 ? _a : _b).LeaseAsync(15, T0, Lease).AsTask());

        var leased = results.SelectMany(r => r).Select(l => l.Message.Id).ToList();
        leased.Count.ShouldBe(leased.Distinct().Count(), "a message was leased twice");
        leased.ShouldAllBe(id => ids.Contains(id));

        // SKIP LOCKED: the callers took disjoint slices; whatever they left is still there for the next call
        var rest = await _a.LeaseAsync(1000, T0, Lease);
        leased.Concat(rest.Select(l => l.Message.Id)).Order().ShouldBe(ids.Order());
        (await _b.LeaseAsync(1000, T0, Lease)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_instances_draining_the_outbox_lease_every_message_exactly_once_in_per_chat_order()
    {
        const int Chats = 30;
        const int PerChat = 8;
        var expected = new Dictionary<long, List<long>>();
        for (var i = 0; i < PerChat; i++)
        {
            for (var chat = 0; chat < Chats; chat++)
            {
                var id = (await ((i + chat) % 2 == 0 ? _a : _b).EnqueueAsync(Message($"p-{chat}-{i}", chat))).Id;
                (expected.TryGetValue(chat, out var list) ? list : expected[chat] = []).Add(id);
            }
        }

        var held = new ConcurrentDictionary<long, int>();
        var leaseCounts = new ConcurrentDictionary<long, int>();
        var order = new ConcurrentDictionary<long, ConcurrentQueue<long>>();
        var perInstance = new int[2];
        var sent = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);

        // two workers per instance, like two dispatcher loops in each of two processes
        await Race.RunAsync(4, async w =>
        {
            var instance = w % 2;
            var store = instance == 0 ? _a : _b;
            while (Volatile.Read(ref sent) < Chats * PerChat)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the instances did not drain the outbox");
                var leases = await store.LeaseAsync(4, T0, Lease);
                foreach (var lease in leases)
                {
                    held.TryAdd(lease.Message.Id, instance).ShouldBeTrue($"message {lease.Message.Id} is held twice at once");
                    leaseCounts.AddOrUpdate(lease.Message.Id, 1, (_, n) => n + 1);
                    order.GetOrAdd(lease.Message.ChatId, _ => new()).Enqueue(lease.Message.Id);
                }

                foreach (var lease in leases)
                {
                    held.TryRemove(lease.Message.Id, out _).ShouldBeTrue();
                    (await store.MarkSentAsync(lease.Message.Id, lease.LeaseId, T0, lease.Message.Id)).ShouldBeTrue();
                    Interlocked.Increment(ref perInstance[instance]);
                    Interlocked.Increment(ref sent);
                }

                if (leases.Count == 0)
                {
                    await Task.Delay(1);
                }
            }

            return w;
        });

        leaseCounts.Count.ShouldBe(Chats * PerChat);
        leaseCounts.Values.ShouldAllBe(n => n == 1);
        foreach (var (chat, ids) in expected)
        {
            order[chat].ToList().ShouldBe(ids);
        }

        perInstance.Sum().ShouldBe(Chats * PerChat);
        (await _a.GetStatsAsync(T0)).Pending.ShouldBe(0);
    }

    [Fact]
    public async Task Messages_enqueued_into_one_chat_by_both_instances_while_both_lease_go_out_in_id_order()
    {
        // several producers per instance write into the same chats while both instances lease: ids are taken from one
        // sequence, so without the per-chat enqueue lock a later id could commit, and be leased, before an earlier one
        const int Producers = 8;
        const int PerProducer = 30;
        const int Chats = 3;
        await WarmUpAsync(_a, _b);
        var producing = Producers;
        var order = new ConcurrentDictionary<long, ConcurrentQueue<long>>();
        var deadline = DateTime.UtcNow.AddMinutes(2);

        var producers = Race.RunAsync(Producers, async p =>
        {
            var store = p % 2 == 0 ? _a : _b;
            for (var i = 0; i < PerProducer; i++)
            {
                await store.EnqueueAsync(Message($"from-{p}-{i}", 77 + (i % Chats)));
            }

            Interlocked.Decrement(ref producing);
            return p;
        });

        var consumers = Race.RunAsync(4, async c =>
        {
            var store = c % 2 == 0 ? _a : _b;
            while (Volatile.Read(ref producing) > 0 || (await store.GetStatsAsync(T0)).Pending > 0)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the instances did not drain the chats");
                foreach (var lease in await store.LeaseAsync(10, T0, Lease))
                {
                    order.GetOrAdd(lease.Message.ChatId, _ => new()).Enqueue(lease.Message.Id);
                    (await store.MarkSentAsync(lease.Message.Id, lease.LeaseId, T0, null)).ShouldBeTrue();
                }
            }

            return c;
        });

        await Task.WhenAll(producers, consumers);

        order.Values.Sum(q => q.Count).ShouldBe(Producers * PerProducer);
        foreach (var (chat, queue) in order)
        {
            var leased = queue.ToList();
            leased.ShouldBe(leased.Order().ToList(), $"a later message of chat {chat} went out before an earlier one");
        }
    }

    [Fact]
    public async Task An_enqueue_into_a_chat_waits_for_an_earlier_uncommitted_one_of_another_instance()
    {
        await WarmUpAsync(_a, _b);
        // a test-only trigger holds the insert of 'slow' open for a while after it has taken its id
        _schema.Execute(
            $"""
            CREATE FUNCTION "{_schema.Name}".slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.idempotency_key = 'slow' THEN PERFORM pg_sleep(1); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER slow_insert BEFORE INSERT ON "{_schema.Name}".outbox FOR EACH ROW EXECUTE FUNCTION "{_schema.Name}".slow_insert();
            """);

        var slow = _a.EnqueueAsync(Message("slow", 77)).AsTask();

        // 'slow' has its id once its trigger sleeps (the id is drawn before BEFORE triggers run)
        await Eventually.WaitUntilAsync(
            () => (bool)_schema.Scalar("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep');")!,
            "the slow insert has started",
            TimeSpan.FromSeconds(30));

        var fast = (await _b.EnqueueAsync(Message("fast", 77))).Id;

        // as soon as 'fast' is stored, a worker must not see it ahead of the earlier 'slow'
        var leases = await _b.LeaseAsync(10, T0, Lease);
        var slowId = (await slow).Id;
        slowId.ShouldBeLessThan(fast);
        leases.ShouldHaveSingleItem().Message.Id.ShouldBe(slowId, "the chat's later message was leasable before its earlier one committed");
    }

    [Fact]
    public async Task Exclusive_links_to_one_chat_from_both_instances_at_once_leave_exactly_one_user()
    {
        var a = new PostgreSqlChatLinkStore(_schema.OpenDatabase());
        var b = new PostgreSqlChatLinkStore(_schema.OpenDatabase());
        await WarmUpAsync(a, b);
        for (var round = 0; round < 15; round++)
        {
            var chat = 9000 + round;
            var removed = await Race.RunAsync(8, async i =>
                await (i % 2 == 0 ? a : b).LinkAsync(new ChatLink { UserId = $"racer-{round}-{i}", ChatId = chat, LinkedAt = T0 }, exclusiveChat: true));

            (await a.GetByChatAsync(chat)).Count.ShouldBe(1, $"round {round}: several users kept the private chat");
            removed.Sum(r => r.Count).ShouldBe(7);
        }
    }

    [Fact]
    public async Task Tokens_issued_for_one_user_by_both_instances_at_once_leave_one_active()
    {
        var a = new PostgreSqlLinkTokenStore(_schema.OpenDatabase());
        var b = new PostgreSqlLinkTokenStore(_schema.OpenDatabase());
        await WarmUpAsync(a, b);
        for (var round = 0; round < 15; round++)
        {
            var user = $"user-{round}";
            await Race.RunAsync(8, async i =>
            {
                await (i % 2 == 0 ? a : b).AddAsync(new LinkTokenRecord
                {
                    TokenHash = $"hash-{round}-{i}",
                    Kind = LinkTokenKind.DeepLink,
                    UserId = user,
                    CreatedAt = T0,
                    ExpiresAt = T0.AddMinutes(10),
                });
                return i;
            });

            var active = _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".link_tokens WHERE user_id = '{user}' AND state = 0;");
            active.ShouldBe(1L, $"round {round}: several tokens of one user stayed active");
        }
    }

    /// <summary>Opens several pooled connections in each instance first, so the racers below really run at the same time.</summary>
    private static async Task WarmUpAsync(object a, object b)
    {
        await Race.RunAsync(16, async i =>
        {
            var store = i % 2 == 0 ? a : b;
            switch (store)
            {
                case IOutboxStore outbox:
                    await outbox.GetStatsAsync(T0);
                    break;
                case IChatLinkStore links:
                    await links.GetByChatAsync(-1);
                    break;
                case ILinkTokenStore tokens:
                    await tokens.CountIssuedSinceAsync("nobody", T0);
                    break;
            }

            return i;
        });
    }
}
