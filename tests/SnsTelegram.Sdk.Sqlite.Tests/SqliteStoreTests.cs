using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.Sqlite.Tests;

// the storage specification on SQLite: each store this test creates opens its own connections to the test's file

public sealed class SqliteChatLinkStoreTests : ChatLinkStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IChatLinkStore CreateStore() => new SqliteChatLinkStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteLinkTokenStoreTests : LinkTokenStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override ILinkTokenStore CreateStore() => new SqliteLinkTokenStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteProcessedUpdateStoreTests : ProcessedUpdateStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IProcessedUpdateStore CreateStore() => new SqliteProcessedUpdateStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteOutboxStoreTests : OutboxStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IOutboxStore CreateStore() => new SqliteOutboxStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteJobLeaseStoreTests : JobLeaseStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IJobLeaseStore CreateStore() => new SqliteJobLeaseStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteRateLimitStoreTests : RateLimitStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IRateLimitStore CreateStore() => new SqliteRateLimitStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteDigestStoreTests : DigestStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override (IDigestStore Digests, IOutboxStore Outbox) CreateStores()
    {
        var database = _file.OpenDatabase();
        return (new SqliteDigestStore(database), new SqliteOutboxStore(database));
    }

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteEventDeliveryStoreTests : EventDeliveryStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override IEventDeliveryStore CreateStore() => new SqliteEventDeliveryStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}

public sealed class SqliteNotificationNoteStoreTests : NotificationNoteStoreConformance, IDisposable
{
    private readonly SqliteTestFile _file = new();

    protected override INotificationNoteStore CreateStore() => new SqliteNotificationNoteStore(_file.OpenDatabase());

    public void Dispose() => _file.Dispose();
}
