using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Sqlite;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>
/// The database's group commit: writes queued while another writer holds the turn are committed in one transaction,
/// a failing write fails only its own caller, and a caller that gives up while queued leaves nothing behind. The tests
/// watch it as an operator would, through the <c>snstelegram.storage.queued_writes</c> and
/// <c>snstelegram.storage.transactions</c> instruments.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SqliteTestFile _file = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricCollector<long> _queued;
    private readonly MetricCollector<long> _transactions;

    public SqliteGroupCommitTests()
    {
        var meters = _metrics.GetRequiredService<IMeterFactory>();
        _queued = new MetricCollector<long>(meters, SnsTelegramDiagnostics.Name, "snstelegram.storage.queued_writes");
        _transactions = new MetricCollector<long>(meters, SnsTelegramDiagnostics.Name, "snstelegram.storage.transactions");
    }

    public void Dispose()
    {
        _queued.Dispose();
        _transactions.Dispose();
        _metrics.Dispose();
        _file.Dispose();
    }

    private SqliteDatabase OpenDatabase() => _file.OpenDatabase(_metrics.GetRequiredService<IMeterFactory>());

    private long Transactions => _transactions.GetMeasurementSnapshot().Sum(m => m.Value);

    private long QueuedNow => _queued.GetMeasurementSnapshot().Sum(m => m.Value);

    [Fact]
    public async Task Writes_queued_behind_a_writer_are_committed_in_one_transaction()
    {
        var database = OpenDatabase();
        Task<bool>[] writes;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            writes = Enumerable.Range(1, 20).Select(id => database.WriteAsync(session => InsertAsync(session, id), CancellationToken.None).AsTask()).ToArray();
            await _queued.WaitForMeasurementsAsync(20, Patience);
            QueuedNow.ShouldBe(20);
        }

        (await Task.WhenAll(writes)).ShouldAllBe(inserted => inserted);
        Transactions.ShouldBe(1);
        QueuedNow.ShouldBe(0);
        (await CountRowsAsync()).ShouldBe(20);
        _transactions.LastMeasurement!.Tags["db.system.name"].ShouldBe("sqlite");
    }

    [Fact]
    public async Task A_failing_write_fails_only_its_caller_and_the_others_are_committed()
    {
        var database = OpenDatabase();
        Task<bool> first, failing, last;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            first = database.WriteAsync(session => InsertAsync(session, 1), CancellationToken.None).AsTask();
            failing = database.WriteAsync<bool>(
                async session =>
                {
                    await InsertAsync(session, 2);
                    throw new InvalidOperationException("this write is refused");
                },
                CancellationToken.None).AsTask();
            last = database.WriteAsync(session => InsertAsync(session, 3), CancellationToken.None).AsTask();
            await _queued.WaitForMeasurementsAsync(3, Patience);
        }

        (await first).ShouldBeTrue();
        (await last).ShouldBeTrue();
        (await Should.ThrowAsync<InvalidOperationException>(failing)).Message.ShouldBe("this write is refused");

        // the batch was rolled back and each write ran alone: two commits, the failing write's own insert rolled back with it
        Transactions.ShouldBe(2);
        (await ReadIdsAsync()).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task A_constraint_violation_in_a_batch_reaches_its_caller_as_a_SqliteException()
    {
        var database = OpenDatabase();
        Task<bool> good, bad;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            good = database.WriteAsync(session => InsertAsync(session, 7), CancellationToken.None).AsTask();
            bad = database.WriteAsync(
                async session => await session.Command("INSERT INTO processed_updates (update_id, processed_at) VALUES (8, NULL);").ExecuteNonQueryAsync() == 1,
                CancellationToken.None).AsTask();
            await _queued.WaitForMeasurementsAsync(2, Patience);
        }

        (await good).ShouldBeTrue();
        (await Should.ThrowAsync<SqliteException>(bad)).SqliteErrorCode.ShouldBe(19);
        (await ReadIdsAsync()).ShouldBe([7]);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_gets_a_cancellation_and_its_write_never_runs()
    {
        var database = OpenDatabase();
        using var giveUp = new CancellationTokenSource();
        Task<bool> cancelled, kept;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            cancelled = database.WriteAsync(session => InsertAsync(session, 1), giveUp.Token).AsTask();
            kept = database.WriteAsync(session => InsertAsync(session, 2), CancellationToken.None).AsTask();
            await _queued.WaitForMeasurementsAsync(2, Patience);
            await giveUp.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(cancelled);
            QueuedNow.ShouldBe(1);
        }

        (await kept).ShouldBeTrue();
        Transactions.ShouldBe(1);
        (await ReadIdsAsync()).ShouldBe([2]);
    }

    [Fact]
    public async Task Every_caller_is_answered_only_after_its_write_is_visible_to_another_connection()
    {
        const int writers = 8;
        const int writesEach = 50;
        var database = OpenDatabase();
        var other = _file.OpenDatabase();
        Task[] running;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            running = Enumerable.Range(1, writers).Select(caller => Task.Run(async () =>
            {
                for (var n = 0; n < writesEach; n++)
                {
                    var id = (caller * 1000) + n;
                    (await database.WriteAsync(session => InsertAsync(session, id), CancellationToken.None)).ShouldBeTrue();
                    await using var reader = await other.OpenAsync(CancellationToken.None);
                    var find = reader.Command("SELECT COUNT(*) FROM processed_updates WHERE update_id = $id;");
                    find.Parameters.AddWithValue("$id", id);
                    (await find.ExecuteScalarAsync()).ShouldBe(1L, $"update {id} was answered before it was committed");
                }
            })).ToArray();

            // every writer's first write waits behind the turn this test holds, so they share the first commit
            await _queued.WaitForMeasurementsAsync(writers, Patience);
        }

        await Task.WhenAll(running);
        (await CountRowsAsync()).ShouldBe(writers * writesEach);
        Transactions.ShouldBeInRange(1, (writers * writesEach) - (writers - 1));
        QueuedNow.ShouldBe(0);
    }

    private static async ValueTask<bool> InsertAsync(SqliteSession session, long id)
    {
        var insert = session.Command("INSERT INTO processed_updates (update_id, processed_at) VALUES ($id, 0);");
        insert.Parameters.AddWithValue("$id", id);
        return await insert.ExecuteNonQueryAsync() == 1;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM processed_updates;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long[]> ReadIdsAsync()
    {
        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT update_id FROM processed_updates ORDER BY update_id;";
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }
}
