using Microsoft.Data.Sqlite;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>Opens connections to the sample's SQLite tables and creates them on first use.</summary>
public sealed class SnsDatabase
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS sample_posts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            text TEXT NOT NULL,
            scheduled_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            lease_until INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            finished_at INTEGER,
            post_url TEXT,
            likes INTEGER NOT NULL DEFAULT 0,
            comments INTEGER NOT NULL DEFAULT 0,
            shares INTEGER NOT NULL DEFAULT 0,
            views INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            automation_run_id INTEGER,
            notified INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_sample_posts_due ON sample_posts(status, scheduled_at);
        CREATE INDEX IF NOT EXISTS ix_sample_posts_user ON sample_posts(user_id, id);
        CREATE INDEX IF NOT EXISTS ix_sample_posts_finished ON sample_posts(user_id, finished_at);
        CREATE TABLE IF NOT EXISTS sample_automations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            platforms TEXT NOT NULL,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            next_run_at INTEGER,
            last_run_at INTEGER,
            last_status TEXT,
            created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_sample_automations_due ON sample_automations(next_run_at);
        CREATE TABLE IF NOT EXISTS sample_automation_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            automation_id INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            rule_name TEXT NOT NULL,
            platforms TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            status TEXT,
            notified INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            UNIQUE (automation_id, occurrence));
        """;

    private readonly string _connectionString;
    private readonly Lazy<Task> _created;

    /// <summary>Creates the database over a SQLite connection string.</summary>
    public SnsDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30; // wait for the other process's write lock instead of failing with SQLITE_BUSY
        }

        _connectionString = builder.ToString();
        _created = new Lazy<Task>(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>An open connection; the tables exist.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _created.Value.WaitAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task CreateAsync()
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }
}
