using Microsoft.Data.Sqlite;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>A SQLite file in a fresh temporary directory, deleted afterwards.</summary>
internal sealed class SqliteTestFile : IDisposable
{
    private readonly List<IDisposable> _databases = [];

    /// <param name="createDirectory">
    /// Creates the directory at once (for code that opens the file with plain Microsoft.Data.Sqlite, which does not
    /// create it); by default it is left to the code under test.
    /// </param>
    public SqliteTestFile(bool createDirectory = false)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "snstelegram-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "store.db");
        if (createDirectory)
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>The pooled connection string the app would use.</summary>
    public string ConnectionString => $"Data Source={Path}";

    /// <summary>
    /// Opens a database over the file with its own sessions (connections), like another process would have, and
    /// disposes it with the file. The first one uses the normal connection pool; each later one opens unpooled connections.
    /// </summary>
    public T OpenDatabase<T>(Func<string, T> open)
        where T : IDisposable
    {
        lock (_databases)
        {
            var database = open(_databases.Count == 0 ? ConnectionString : $"Data Source={Path};Pooling=False");
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
