using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.Sqlite.Tests;

public sealed class SqliteSchemaTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    // the schema of version 1, written out here so that a later edit of the shipped migration cannot hide a broken upgrade
    private const string Version1 =
        """
        CREATE TABLE chat_links (
            user_id TEXT NOT NULL PRIMARY KEY, chat_id INTEGER NOT NULL, chat_type INTEGER NOT NULL, enabled INTEGER NOT NULL,
            linked_at INTEGER NOT NULL, disabled_reason TEXT, language TEXT, time_zone TEXT, daily_report_time INTEGER,
            muted_types TEXT, quiet_start INTEGER, quiet_end INTEGER) WITHOUT ROWID;
        CREATE INDEX ix_chat_links_chat ON chat_links (chat_id);
        CREATE INDEX ix_chat_links_enabled ON chat_links (user_id) WHERE enabled = 1;
        CREATE TABLE link_tokens (
            token_hash TEXT NOT NULL PRIMARY KEY, kind INTEGER NOT NULL, user_id TEXT, chat_id INTEGER, chat_type INTEGER,
            language TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, state INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX ix_link_tokens_issued ON link_tokens (user_id, created_at) WHERE kind = 0;
        CREATE INDEX ix_link_tokens_active_chat ON link_tokens (chat_id) WHERE kind = 1 AND state = 0;
        CREATE TABLE processed_updates (update_id INTEGER NOT NULL PRIMARY KEY, processed_at INTEGER NOT NULL);
        CREATE INDEX ix_processed_updates_at ON processed_updates (processed_at);
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (1);
        """;

    // the outbox of version 2 (before edits), written out for the same reason
    private const string Version2Outbox =
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL,
            chat_id INTEGER NOT NULL, chat_type INTEGER NOT NULL, notification_type TEXT NOT NULL, message TEXT NOT NULL,
            created_at INTEGER NOT NULL, due_at INTEGER NOT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT, completed_at INTEGER, telegram_message_id INTEGER, lease_id TEXT, leased_until INTEGER);
        CREATE INDEX ix_outbox_pending_chat ON outbox (chat_id, id) WHERE state = 0;
        CREATE INDEX ix_outbox_pending_due ON outbox (due_at, id) WHERE state = 0;
        CREATE INDEX ix_outbox_completed ON outbox (state, completed_at) WHERE state <> 0;
        CREATE TABLE job_occurrences (
            job_id TEXT NOT NULL, occurrence INTEGER NOT NULL, owner TEXT NOT NULL, lease_until INTEGER NOT NULL,
            completed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (job_id, occurrence)) WITHOUT ROWID;
        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, occurrence INTEGER NOT NULL, owner TEXT NOT NULL,
            started_at INTEGER NOT NULL, duration INTEGER NOT NULL, outcome INTEGER NOT NULL, error TEXT);
        CREATE INDEX ix_job_runs_job ON job_runs (job_id, started_at, id);
        UPDATE schema_version SET version = 2;
        """;

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private string Text(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_new_file_gets_the_current_schema_in_wal_mode()
    {
        var database = _file.OpenDatabase();
        (await new SqliteProcessedUpdateStore(database).TryMarkProcessedAsync(1, T0)).ShouldBeTrue();

        File.Exists(_file.Path).ShouldBeTrue();
        Scalar("SELECT version FROM schema_version;").ShouldBe(SqliteSchema.CurrentVersion);
        Scalar("SELECT COUNT(*) FROM schema_version;").ShouldBe(1);
        Text("PRAGMA journal_mode;").ShouldBe("wal");
        SqliteSchema.Migrations.Count.ShouldBe(SqliteSchema.CurrentVersion);
    }

    [Fact]
    public async Task A_version_1_file_is_upgraded_keeping_its_data()
    {
        System.IO.Directory.CreateDirectory(_file.Directory);
        Execute(Version1);
        Execute($"INSERT INTO chat_links (user_id, chat_id, chat_type, enabled, linked_at) VALUES ('alice', 42, 0, 1, {T0.UtcTicks});");
        Execute($"INSERT INTO link_tokens VALUES ('hash', 0, 'alice', NULL, NULL, NULL, {T0.UtcTicks}, {T0.AddMinutes(10).UtcTicks}, 0);");
        Execute($"INSERT INTO processed_updates VALUES (99, {T0.UtcTicks});");

        var database = _file.OpenDatabase();
        var link = await new SqliteChatLinkStore(database).GetAsync("alice");
        link.ShouldNotBeNull().ChatId.ShouldBe(42);
        link.LinkedAt.ShouldBe(T0);
        (await new SqliteLinkTokenStore(database).ConsumeAsync("hash", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        (await new SqliteProcessedUpdateStore(database).TryMarkProcessedAsync(99, T0)).ShouldBeFalse();

        Scalar("SELECT version FROM schema_version;").ShouldBe(SqliteSchema.CurrentVersion);
        var outbox = new SqliteOutboxStore(database);
        var enqueued = await outbox.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = "k",
            UserId = "alice",
            ChatId = 42,
            NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage("hi"),
            CreatedAt = T0,
            DueAt = T0,
        });
        enqueued.Enqueued.ShouldBeTrue();
        (await new SqliteJobLeaseStore(database).TryAcquireAsync("job", T0, "a", T0, T0.AddMinutes(1))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_version_2_file_gets_the_edit_column_and_its_messages_still_read()
    {
        System.IO.Directory.CreateDirectory(_file.Directory);
        Execute(Version1);
        Execute(Version2Outbox);
        Execute(
            $$"""
            INSERT INTO outbox (idempotency_key, user_id, chat_id, chat_type, notification_type, message, created_at, due_at, state, completed_at, telegram_message_id)
            VALUES ('post_success:1', 'alice', 42, 0, 'post_success', '{"text":"old","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 1, {{T0.UtcTicks}}, 77);
            """);

        var outbox = new SqliteOutboxStore(_file.OpenDatabase());
        var old = (await outbox.FindByKeyAsync("post_success:1")).ShouldNotBeNull();
        old.EditOf.ShouldBeNull();
        old.Message.Text.ShouldBe("old");
        old.TelegramMessageId.ShouldBe(77);
        Scalar("SELECT version FROM schema_version;").ShouldBe(SqliteSchema.CurrentVersion);

        var edit = await outbox.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = "edit:post_success:1:abc",
            UserId = "alice",
            ChatId = 42,
            NotificationType = NotificationTypes.PostSuccess,
            Message = new TelegramMessage("new"),
            CreatedAt = T0,
            DueAt = T0,
            EditOf = "post_success:1",
        });
        (await outbox.GetAsync(edit.Id)).ShouldNotBeNull().EditOf.ShouldBe("post_success:1");
    }

    [Fact]
    public async Task Reopening_a_file_keeps_data_and_version()
    {
        var first = _file.OpenDatabase();
        var link = new ChatLink { UserId = "alice", ChatId = 7, LinkedAt = T0, Language = "en" };
        await new SqliteChatLinkStore(first).LinkAsync(link, exclusiveChat: true);
        first.Dispose();
        SqliteConnection.ClearAllPools();

        using var reopened = new SqliteDatabase(_file.ConnectionString, TestChatIdProtection.Shared);
        (await new SqliteChatLinkStore(reopened).GetAsync("alice")).ShouldBe(link);
        Scalar("SELECT version FROM schema_version;").ShouldBe(SqliteSchema.CurrentVersion);
        Scalar("SELECT COUNT(*) FROM schema_version;").ShouldBe(1);
    }

    [Fact]
    public async Task A_file_from_a_newer_library_is_refused()
    {
        await new SqliteProcessedUpdateStore(_file.OpenDatabase()).TryMarkProcessedAsync(1, T0);
        Execute($"UPDATE schema_version SET version = {SqliteSchema.CurrentVersion + 1};");

        var error = await Should.ThrowAsync<InvalidOperationException>(async () =>
            await new SqliteProcessedUpdateStore(_file.OpenDatabase()).TryMarkProcessedAsync(2, T0));
        error.Message.ShouldContain($"schema version {SqliteSchema.CurrentVersion + 1}");
    }

    [Fact]
    public async Task Several_instances_starting_at_once_create_the_schema_once()
    {
        var databases = Enumerable.Range(0, 6).Select(_ => _file.OpenDatabase()).ToArray();
        var results = await Race.RunAsync(databases.Length, i =>
            new SqliteProcessedUpdateStore(databases[i]).TryMarkProcessedAsync(i, T0).AsTask());

        results.ShouldAllBe(r => r);
        Scalar("SELECT COUNT(*) FROM schema_version;").ShouldBe(1);
        Scalar("SELECT COUNT(*) FROM processed_updates;").ShouldBe(6);
    }

    [Fact]
    public async Task The_file_and_its_directory_are_created()
    {
        var nested = System.IO.Path.Combine(_file.Directory, "a", "b", "store.db");
        using var database = new SqliteDatabase($"Data Source={nested}", TestChatIdProtection.Shared);
        await database.EnsureSchemaAsync();
        File.Exists(nested).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x.db;Mode=Memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly")]
    [InlineData("Data Source=x.db;Cache=Shared")]
    [InlineData("Data Source=")]
    [InlineData("Unknown Keyword=1")]
    public void Unusable_connection_strings_are_refused(string connectionString)
    {
        Should.Throw<ArgumentException>(() => new SqliteDatabase(connectionString, TestChatIdProtection.Shared));
    }

    [Fact]
    public async Task Instants_are_stored_as_utc_ticks_and_order_correctly_across_offsets()
    {
        var store = new SqliteOutboxStore(_file.OpenDatabase());
        var earlier = T0.ToOffset(TimeSpan.FromHours(14));
        var later = T0.AddMinutes(1).ToOffset(TimeSpan.FromHours(-12));
        await store.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = "later", UserId = "u", ChatId = 1, NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage("b"), CreatedAt = later, DueAt = later,
        });
        await store.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = "earlier", UserId = "u", ChatId = 2, NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage("a"), CreatedAt = earlier, DueAt = earlier,
        });

        var leases = await store.LeaseAsync(10, T0.AddHours(1), TimeSpan.FromMinutes(1));
        leases.Select(l => l.Message.IdempotencyKey).ShouldBe(["earlier", "later"]);
        leases[0].Message.DueAt.ShouldBe(earlier);
        leases[0].Message.DueAt.Offset.ShouldBe(TimeSpan.Zero);
        Scalar("SELECT due_at FROM outbox WHERE idempotency_key = 'earlier';").ShouldBe(T0.UtcTicks);
    }
}
