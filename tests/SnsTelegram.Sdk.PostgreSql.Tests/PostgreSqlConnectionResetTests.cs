using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>
/// A data source the library builds from a connection string does not reset its connections when they go back to the pool
/// (a reset runs six statements on the server ahead of the next command); so nothing may leave session state on them.
/// </summary>
public sealed class PostgreSqlConnectionResetTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public void A_data_source_built_from_a_connection_string_does_not_reset_connections_unless_the_string_says_so()
    {
        using (var database = PostgreSqlDatabase.Create(_schema.ConnectionString, TestChatIdProtection.Shared, _schema.Name))
        {
            new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).NoResetOnClose.ShouldBeTrue();
        }

        // the app's own choice wins, however it is spelled
        foreach (var setting in (string[])["No Reset On Close=false", "noresetonclose=False"])
        {
            using var database = PostgreSqlDatabase.Create(_schema.ConnectionString + ";" + setting, TestChatIdProtection.Shared, _schema.Name);
            new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).NoResetOnClose.ShouldBeFalse(setting);
        }
    }

    [Fact]
    public async Task A_dispatch_term_gives_its_connection_back_without_its_lock_its_listen_or_its_settings()
    {
        // one connection in the pool: the next command runs on the connection the term held
        using var database = PostgreSqlDatabase.Create(_schema.ConnectionString + ";Maximum Pool Size=1", TestChatIdProtection.Shared, _schema.Name);
        var coordinator = new PostgreSqlDispatchCoordinator(database, NullLogger<PostgreSqlDispatchCoordinator>.Instance);
        var pid = 0;
        await using (var term = await coordinator.AcquireAsync(() => { }, CancellationToken.None))
        {
            var lockClass = (uint)database.LockClass("dispatch");
            pid = (int)(_schema.Scalar($"SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = {lockClass} AND objid = 0 AND database = (SELECT oid FROM pg_database WHERE datname = current_database());") ?? 0);
            pid.ShouldNotBe(0, "the term holds the dispatch lock");
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_listening_channels()), (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()), current_setting('tcp_keepalives_idle');",
            connection);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        (await reader.ReadAsync(CancellationToken.None)).ShouldBeTrue();
        reader.GetInt32(0).ShouldBe(pid, "the pool's one connection is the one the term held");
        reader.GetInt64(1).ShouldBe(0, "no LISTEN is left on it");
        reader.GetInt64(2).ShouldBe(0, "no advisory lock is left on it");
        reader.GetString(3).ShouldNotBe("2", "its keep-alive settings are back to the server's");

        // and another instance can take the lock at once
        using var other = PostgreSqlDatabase.Create(_schema.ConnectionString, TestChatIdProtection.Shared, _schema.Name);
        var next = new PostgreSqlDispatchCoordinator(other, NullLogger<PostgreSqlDispatchCoordinator>.Instance);
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var taken = await next.AcquireAsync(() => { }, within.Token);
        taken.FollowsAnotherProcess.ShouldBeFalse();
    }
}
