using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>Processed update ids in a relational database; INSERT ... ON CONFLICT DO NOTHING makes the first insert win.</summary>
internal abstract class RelationalProcessedUpdateStore(RelationalDatabase database) : IProcessedUpdateStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<bool> TryMarkProcessedAsync(long updateId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(new RelationalCommand(_sql.MarkUpdateProcessed).Bigint("id", updateId).Instant("at", now), cancellationToken).ConfigureAwait(false) == 1;

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeProcessedUpdates).Instant("before", before), cancellationToken);
}
