using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.Benchmarks.Storage;

/// <summary>Which store a storage benchmark runs against.</summary>
public enum StoreKind
{
    InMemory,
    Sqlite,
}

/// <summary>A SQLite file in a temporary directory for one benchmark run.</summary>
internal sealed class BenchmarkDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "snstelegram-bench", Guid.NewGuid().ToString("N"));

    public BenchmarkDatabase()
    {
        // chat ids encrypted as in an app: data keys wrapped by Data Protection
        Database = new SqliteDatabase(
            $"Data Source={Path.Combine(_directory, "bench.db")}", ChatIdProtection.FromDataProtection(new EphemeralDataProtectionProvider()));
        Database.EnsureSchemaAsync().GetAwaiter().GetResult();
    }

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A storage benchmark over one store, in memory or in a SQLite file, chosen by <see cref="Store"/>.</summary>
public abstract class StoreBenchmark<TStore>
    where TStore : class
{
    private BenchmarkDatabase? _database;

    [Params(StoreKind.InMemory, StoreKind.Sqlite)]
    public StoreKind Store { get; set; }

    protected TStore StoreUnderTest { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (Store == StoreKind.Sqlite)
        {
            _database = new BenchmarkDatabase();
            StoreUnderTest = CreateSqlite(_database.Database);
        }
        else
        {
            StoreUnderTest = CreateInMemory();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _database?.Dispose();

    private protected abstract TStore CreateSqlite(SqliteDatabase database);

    private protected abstract TStore CreateInMemory();
}

/// <summary>Issuing a deep-link token (which retires the user's older one) and redeeming it: the linking flow's storage work.</summary>
[MemoryDiagnoser]
public class TokenIssueConsumeBenchmarks : StoreBenchmark<ILinkTokenStore>
{
    private const int Batch = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private long _next;

    private protected override ILinkTokenStore CreateSqlite(SqliteDatabase database) => new SqliteLinkTokenStore(database);

    private protected override ILinkTokenStore CreateInMemory() => new InMemoryLinkTokenStore();

    [IterationCleanup]
    public void Purge() => StoreUnderTest.PurgeAsync(Now.AddDays(1)).AsTask().GetAwaiter().GetResult();

    /// <summary>One operation = one token issued and consumed.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task IssueAndConsume()
    {
        for (var i = 0; i < Batch; i++)
        {
            var n = ++_next;
            var hash = $"hash-{n}";
            await StoreUnderTest.AddAsync(new LinkTokenRecord
            {
                TokenHash = hash,
                Kind = LinkTokenKind.DeepLink,
                UserId = $"user-{n % 10_000}",
                CreatedAt = Now,
                ExpiresAt = Now.AddMinutes(10),
            });
            var result = await StoreUnderTest.ConsumeAsync(hash, LinkTokenKind.DeepLink, Now);
            if (result.Status != LinkTokenConsumeStatus.Consumed)
            {
                throw new InvalidOperationException($"Token {n} was not consumed: {result.Status}.");
            }
        }
    }
}

/// <summary>Enqueueing outbox messages one at a time (one caller), and draining them as the dispatcher does.</summary>
[MemoryDiagnoser]
public class OutboxBenchmarks : StoreBenchmark<IOutboxStore>
{
    private const int Batch = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TelegramMessage Text = new(
        "✅ <b>Post published</b>\nPlatform: Instagram\nTime: 2026-03-01 18:00 (Asia/Seoul)\n<a href=\"https://example.com/p/1\">View post</a>")
    {
        Buttons = [[TelegramButton.Link("View post", "https://example.com/p/1")]],
    };

    private long _next;

    private protected override IOutboxStore CreateSqlite(SqliteDatabase database) => new SqliteOutboxStore(database);

    private protected override IOutboxStore CreateInMemory() => new InMemoryOutboxStore();

    /// <summary>A fresh in-memory outbox per iteration keeps memory flat; the SQLite file keeps growing, as it would.</summary>
    [IterationSetup]
    public void FreshMemory()
    {
        if (Store == StoreKind.InMemory)
        {
            StoreUnderTest = new InMemoryOutboxStore();
        }
    }

    /// <summary>One operation = one message enqueued.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Enqueue()
    {
        for (var i = 0; i < Batch; i++)
        {
            await EnqueueOneAsync();
        }
    }

    /// <summary>One operation = one message enqueued, leased (16 at a time) and marked sent.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task EnqueueLeaseMarkSent()
    {
        for (var i = 0; i < Batch; i++)
        {
            await EnqueueOneAsync();
        }

        var done = 0;
        while (done < Batch)
        {
            var leases = await StoreUnderTest.LeaseAsync(16, Now, TimeSpan.FromMinutes(2));
            if (leases.Count == 0)
            {
                throw new InvalidOperationException("Nothing to lease.");
            }

            foreach (var lease in leases)
            {
                await StoreUnderTest.MarkSentAsync(lease.Message.Id, lease.LeaseId, Now, 1);
                done++;
            }
        }
    }

    private async Task EnqueueOneAsync()
    {
        var n = ++_next;
        await StoreUnderTest.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = $"post_success:{n}",
            UserId = $"user-{n % 600}",
            ChatId = n % 600,
            NotificationType = NotificationTypes.PostSuccess,
            Message = Text,
            CreatedAt = Now,
            DueAt = Now,
        });
    }
}
