using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Storage;

// the conformance suites on PostgreSQL, each test on a fresh schema of the shared test server

public sealed class PostgreSqlChatLinkStoreTests : ChatLinkStoreConformance
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IChatLinkStore CreateStore() => new PostgreSqlChatLinkStore(_schema.OpenDatabase());

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }
}

public sealed class PostgreSqlLinkTokenStoreTests : LinkTokenStoreConformance
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override ILinkTokenStore CreateStore() => new PostgreSqlLinkTokenStore(_schema.OpenDatabase());

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }
}

public sealed class PostgreSqlProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IProcessedUpdateStore CreateStore() => new PostgreSqlProcessedUpdateStore(_schema.OpenDatabase());

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }
}

public sealed class PostgreSqlOutboxStoreTests : OutboxStoreConformance
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IOutboxStore CreateStore() => new PostgreSqlOutboxStore(_schema.OpenDatabase());

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }
}

public sealed class PostgreSqlJobLeaseStoreTests : JobLeaseStoreConformance
{
    private readonly PostgreSqlTestSchema _schema = new();

    protected override IJobLeaseStore CreateStore() => new PostgreSqlJobLeaseStore(_schema.OpenDatabase());

    public override void Dispose()
    {
        _schema.Dispose();
        base.Dispose();
    }
}
