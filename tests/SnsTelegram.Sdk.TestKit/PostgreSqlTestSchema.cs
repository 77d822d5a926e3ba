using Npgsql;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// A fresh schema of its own on the shared test server, so each test starts empty and tests can run in parallel;
/// dropped afterwards.
/// </summary>
internal sealed class PostgreSqlTestSchema : IDisposable
{
    private readonly List<IDisposable> _databases = [];

    public PostgreSqlTestSchema(string? database = null)
    {
        Server = PostgreSqlTestServer.Instance;
        Database = database;
        ConnectionString = database is null ? Server.ConnectionString : Server.ConnectionStringFor(database);
        Name = "t_" + Guid.NewGuid().ToString("N");
    }

    public PostgreSqlTestServer Server { get; }

    /// <summary>The database (null: <c>postgres</c>).</summary>
    public string? Database { get; }

    /// <summary>The schema's name.</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Opens a database over the schema with a data source (connection pool) of its own, like another app instance would
    /// have, and disposes it before the schema is dropped.
    /// </summary>
    public T OpenDatabase<T>(Func<NpgsqlDataSource, string, T> open)
        where T : IDisposable
    {
        var database = open(NpgsqlDataSource.Create(ConnectionString), Name);
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    /// <summary>Runs SQL as the superuser in this schema's database.</summary>
    public void Execute(string sql) => Server.Execute(sql, Database);

    /// <summary>Runs a query as the superuser in this schema's database and returns the first value.</summary>
    public object? Scalar(string sql) => Server.Scalar(sql, Database);

    public void Dispose()
    {
        lock (_databases)
        {
            _databases.ForEach(d => d.Dispose());
        }

        try
        {
            Execute($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE;");
        }
        catch (NpgsqlException)
        {
            // the server is thrown away at the end of the run anyway
        }
    }
}
