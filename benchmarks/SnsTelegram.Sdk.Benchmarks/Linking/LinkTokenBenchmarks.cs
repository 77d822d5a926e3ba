using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Benchmarks.Linking;

/// <summary>
/// Issue a deep-link token and redeem it, as <c>GET link-account</c> and <c>/start &lt;token&gt;</c> do: random bits,
/// SHA-256, the per-user issue count, the store write that retires older tokens, and the atomic consume.
/// </summary>
[MemoryDiagnoser]
public class LinkTokenBenchmarks
{
    private ServiceProvider _services = null!;
    private LinkTokenService _tokens = null!;
    private ILinkTokenStore _store = null!;
    private const int Batch = 2000;
    private long _user;
    private string? _directory;

    /// <summary>The token store: the in-memory default or a SQLite file (WAL) in a temp folder.</summary>
    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        var builder = services.AddSnsTelegram(o =>
        {
            o.BotToken = "123456:TEST-abcdefghijklmnopqrstuvwxyz0123";
            o.BotUsername = "sns_bench_bot";
            o.UpdateMode = TelegramUpdateMode.None;
            o.LinkTokenIssueLimit = int.MaxValue;
        });
        if (Store == "sqlite")
        {
            _directory = Directory.CreateTempSubdirectory("sns-telegram-bench-").FullName;
            builder.UseSqlite($"Data Source={Path.Combine(_directory, "tokens.db")}");
        }

        _services = services.BuildServiceProvider();
        _tokens = _services.GetRequiredService<LinkTokenService>();
        _store = _services.GetRequiredService<ILinkTokenStore>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Keeps the store from growing across iterations (tokens of finished operations are used and can go).</summary>
    [IterationCleanup]
    public void Purge() => _store.PurgeAsync(DateTimeOffset.MaxValue).AsTask().GetAwaiter().GetResult();

    /// <summary>One invocation runs a batch, so the per-iteration purge (which forces one invocation per iteration) does not dominate.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> IssueAndConsume()
    {
        var consumed = 0;
        for (var i = 0; i < Batch; i++)
        {
            // A user per operation, as in real traffic; the issue limit counts per user.
            var user = "user-" + Interlocked.Increment(ref _user).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var issued = await _tokens.IssueDeepLinkAsync(user, default);
            var redeemed = await _tokens.RedeemDeepLinkAsync(issued.Issued!.Token, default);
            consumed += redeemed.Status == LinkTokenConsumeStatus.Consumed ? 1 : throw new InvalidOperationException("not consumed");
        }

        return consumed;
    }
}
