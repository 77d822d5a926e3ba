using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.Tests.Storage;

// the storage specification on the in-memory provider: every store this test creates is the same instance

public sealed class InMemoryChatLinkStoreTests : ChatLinkStoreConformance
{
    private readonly InMemoryChatLinkStore _store = new();

    protected override IChatLinkStore CreateStore() => _store;
}

public sealed class InMemoryLinkTokenStoreTests : LinkTokenStoreConformance
{
    private readonly InMemoryLinkTokenStore _store = new();

    protected override ILinkTokenStore CreateStore() => _store;
}

public sealed class InMemoryProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly InMemoryProcessedUpdateStore _store = new();

    protected override IProcessedUpdateStore CreateStore() => _store;
}

public sealed class InMemoryOutboxStoreTests : OutboxStoreConformance
{
    private readonly InMemoryOutboxStore _store = new();

    protected override IOutboxStore CreateStore() => _store;
}

public sealed class InMemoryJobLeaseStoreTests : JobLeaseStoreConformance
{
    private readonly InMemoryJobLeaseStore _store = new();

    protected override IJobLeaseStore CreateStore() => _store;
}

public sealed class InMemoryRateLimitStoreTests : RateLimitStoreConformance
{
    private readonly InMemoryRateLimitStore _store = new();

    protected override IRateLimitStore CreateStore() => _store;
}

public sealed class InMemoryDigestStoreTests : DigestStoreConformance, IDisposable
{
    private readonly InMemoryOutboxStore _outbox = new();
    private readonly InMemoryDigestStore _store;

    public InMemoryDigestStoreTests() => _store = new InMemoryDigestStore(_outbox);

    protected override (IDigestStore Digests, IOutboxStore Outbox) CreateStores() => (_store, _outbox);

    public void Dispose() => _store.Dispose();
}

public sealed class InMemoryEventDeliveryStoreTests : EventDeliveryStoreConformance
{
    private readonly InMemoryEventDeliveryStore _store = new();

    protected override IEventDeliveryStore CreateStore() => _store;
}

public sealed class InMemoryNotificationNoteStoreTests : NotificationNoteStoreConformance
{
    private readonly InMemoryNotificationNoteStore _store = new();

    protected override INotificationNoteStore CreateStore() => _store;
}
