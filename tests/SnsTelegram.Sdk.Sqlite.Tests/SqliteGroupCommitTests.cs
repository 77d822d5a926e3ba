using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Sqlite;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>
/// The database's group commit: writes queued while another writer holds the turn are committed in one transaction,
/// a failing write fails only its own caller, and a caller that gives up while queued leaves nothing behind.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Writes_queued_behind_a_writer_are_committed_in_one_transaction()
    {
        var database = _file.OpenDatabase();
        var before = database.GroupCommits;
        Task<bool>[] writes;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            writes = Enumerable.Range(1, 20).Select(id => database.WriteAsync(session => InsertAsync(session, id), CancellationToken.None).AsTask()).ToArray();
            await WaitUntilQueuedAsync(writes);
        }

        (await Task.WhenAll(writes)).ShouldAllBe(inserted => inserted);
        (database.GroupCommits - before).ShouldBe(1);
        (await CountRowsAsync()).ShouldBe(20);
    }

    [Fact]
    public async Task A_failing_write_fails_only_its_caller_and_the_others_are_committed()
    {
        var database = _file.OpenDatabase();
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
            await WaitUntilQueuedAsync([first, failing, last]);
        }

        (await first).ShouldBeTrue();
        (await last).ShouldBeTrue();
        (await Should.ThrowAsync<InvalidOperationException>(failing)).Message.ShouldBe("this write is refused");

        // the failing write's own insert is rolled back with it; the others are in the file
        (await ReadIdsAsync()).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task A_constraint_violation_in_a_batch_reaches_its_caller_as_a_SqliteException()
    {
        var database = _file.OpenDatabase();
        Task<bool> good, bad;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            good = database.WriteAsync(session => InsertAsync(session, 7), CancellationToken.None).AsTask();
            bad = database.WriteAsync(
                async session => await session.Command("INSERT INTO processed_updates (update_id, processed_at) VALUES (8, NULL);").ExecuteNonQueryAsync() == 1,
                CancellationToken.None).AsTask();
            await WaitUntilQueuedAsync([good, bad]);
        }

        (await good).ShouldBeTrue();
        (await Should.ThrowAsync<SqliteException>(bad)).SqliteErrorCode.ShouldBe(19);
        (await ReadIdsAsync()).ShouldBe([7]);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_gets_a_cancellation_and_its_write_never_runs()
    {
        var database = _file.OpenDatabase();
        using var giveUp = new CancellationTokenSource();
        Task<bool> cancelled, kept;
        await using (await database.OpenWriteAsync(CancellationToken.None))
        {
            cancelled = database.WriteAsync(session => InsertAsync(session, 1), giveUp.Token).AsTask();
            kept = database.WriteAsync(session => InsertAsync(session, 2), CancellationToken.None).AsTask();
            await WaitUntilQueuedAsync([cancelled, kept]);
            await giveUp.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(cancelled);
        }

        (await kept).ShouldBeTrue();
        (await ReadIdsAsync()).ShouldBe([2]);
    }

    [Fact]
    public async Task Every_caller_is_answered_only_after_its_write_is_visible_to_another_connection()
    {
        var database = _file.OpenDatabase();
        var other = _file.OpenDatabase();
        var writers = Enumerable.Range(1, 8).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; n < 50; n++)
            {
                var id = (caller * 1000) + n;
                (await database.WriteAsync(session => InsertAsync(session, id), CancellationToken.None)).ShouldBeTrue();
                await using var reader = await other.OpenAsync(CancellationToken.None);
                var found = await reader.Command("SELECT COUNT(*) FROM processed_updates WHERE update_id = $id;").With("$id", id).ExecuteScalarAsync();
                found.ShouldBe(1L, $"update {id} was answered before it was committed");
            }
        }));
        await Task.WhenAll(writers);
        (await CountRowsAsync()).ShouldBe(400);
        database.GroupCommits.ShouldBeLessThanOrEqualTo(400);
    }

    private static async ValueTask<bool> InsertAsync(SqliteSession session, long id) =>
        await session.Command("INSERT INTO processed_updates (update_id, processed_at) VALUES ($id, 0);").With("$id", id).ExecuteNonQueryAsync() == 1;

    /// <summary>The writes cannot finish while the turn is held; give their callers time to queue.</summary>
    private static async Task WaitUntilQueuedAsync(Task[] writes)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        writes.ShouldAllBe(write => !write.IsCompleted);
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
