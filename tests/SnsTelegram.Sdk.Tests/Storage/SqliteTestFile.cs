using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Storage;

/// <summary>A SQLite file in a fresh temporary directory, deleted afterwards.</summary>
internal sealed class SqliteTestFile : IDisposable
{
    private readonly List<SqliteDatabase> _databases = [];

    public SqliteTestFile()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "snstelegram-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "store.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>The pooled connection string the app would use.</summary>
    public string ConnectionString => $"Data Source={Path}";

    /// <summary>
    /// A database over the file, with its own sessions (connections), like another process would have. The first
    /// one uses the normal connection pool; each later one opens unpooled connections. With <paramref name="meters"/>
    /// it publishes its instruments on the <c>SnsTelegram</c> meter that factory creates.
    /// </summary>
    public SqliteDatabase OpenDatabase(IMeterFactory? meters = null)
    {
        lock (_databases)
        {
            var database = new SqliteDatabase(_databases.Count == 0 ? ConnectionString : $"Data Source={Path};Pooling=False", meterFactory: meters);
            _databases.Add(database);
            return database;
        }
    }

    public void Dispose()
    {
        lock (_databases)
        {
            _databases.ForEach(d => d.Dispose());
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on some platforms; the temp directory is cleaned by the OS
        }
    }
}

public sealed class SqliteChatLinkStoreTests : ChatLinkStoreConformance
{
    private readonly SqliteTestFile _file = new();

    protected override IChatLinkStore CreateStore() => new SqliteChatLinkStore(_file.OpenDatabase());

    public override void Dispose()
    {
        _file.Dispose();
        base.Dispose();
    }
}

public sealed class SqliteLinkTokenStoreTests : LinkTokenStoreConformance
{
    private readonly SqliteTestFile _file = new();

    protected override ILinkTokenStore CreateStore() => new SqliteLinkTokenStore(_file.OpenDatabase());

    public override void Dispose()
    {
        _file.Dispose();
        base.Dispose();
    }
}

public sealed class SqliteProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly SqliteTestFile _file = new();

    protected override IProcessedUpdateStore CreateStore() => new SqliteProcessedUpdateStore(_file.OpenDatabase());

    public override void Dispose()
    {
        _file.Dispose();
        base.Dispose();
    }
}

public sealed class SqliteOutboxStoreTests : OutboxStoreConformance
{
    private readonly SqliteTestFile _file = new();

    protected override IOutboxStore CreateStore() => new SqliteOutboxStore(_file.OpenDatabase());

    public override void Dispose()
    {
        _file.Dispose();
        base.Dispose();
    }
}

public sealed class SqliteJobLeaseStoreTests : JobLeaseStoreConformance
{
    private readonly SqliteTestFile _file = new();

    protected override IJobLeaseStore CreateStore() => new SqliteJobLeaseStore(_file.OpenDatabase());

    public override void Dispose()
    {
        _file.Dispose();
        base.Dispose();
    }
}
