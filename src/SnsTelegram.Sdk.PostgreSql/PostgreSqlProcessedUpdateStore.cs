using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>Processed update ids in PostgreSQL; INSERT ... ON CONFLICT DO NOTHING makes the first insert win, across instances.</summary>
internal sealed class PostgreSqlProcessedUpdateStore(PostgreSqlDatabase database) : IProcessedUpdateStore
{
    private readonly string _insertSql = database.Sql("INSERT INTO {schema}.processed_updates (update_id, processed_at) VALUES (@id, @at) ON CONFLICT (update_id) DO NOTHING;");
    private readonly string _purgeSql = database.Sql("DELETE FROM {schema}.processed_updates WHERE processed_at < @before;");

    public async ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_insertSql, connection);
        command.Parameters.Bigint("id", updateId).Bigint("at", StoredValues.Ticks(now));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_purgeSql, connection);
        command.Parameters.Bigint("before", StoredValues.Ticks(before));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }
}
