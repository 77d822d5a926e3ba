using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

// the conformance suites on PostgreSQL, each test on a fresh schema of the shared test server

public sealed class PostgreSqlChatLinkStoreTests : ChatLinkStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IChatLinkStore CreateStore() => new PostgreSqlChatLinkStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlLinkTokenStoreTests : LinkTokenStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override ILinkTokenStore CreateStore() => new PostgreSqlLinkTokenStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlProcessedUpdateStoreTests : ProcessedUpdateStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IProcessedUpdateStore CreateStore() => new PostgreSqlProcessedUpdateStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlOutboxStoreTests : OutboxStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IOutboxStore CreateStore() => new PostgreSqlOutboxStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlJobLeaseStoreTests : JobLeaseStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IJobLeaseStore CreateStore() => new PostgreSqlJobLeaseStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlRateLimitStoreTests : RateLimitStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IRateLimitStore CreateStore() => new PostgreSqlRateLimitStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlDigestStoreTests : DigestStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override (IDigestStore Digests, IOutboxStore Outbox) CreateStores()
    {
        var database = _schema.OpenDatabase();
        return (new PostgreSqlDigestStore(database), new PostgreSqlOutboxStore(database));
    }

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlEventDeliveryStoreTests : EventDeliveryStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IEventDeliveryStore CreateStore() => new PostgreSqlEventDeliveryStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}

public sealed class PostgreSqlNotificationNoteStoreTests : NotificationNoteStoreConformance, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override INotificationNoteStore CreateStore() => new PostgreSqlNotificationNoteStore(_schema.OpenDatabase());

    public void Dispose() => _schema.Dispose();
}
