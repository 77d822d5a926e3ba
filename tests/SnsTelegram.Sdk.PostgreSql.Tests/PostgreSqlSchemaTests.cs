using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

public sealed class PostgreSqlSchemaTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly PostgreSqlTestSchema _schema = new();
    private readonly List<PostgreSqlDatabase> _opened = [];

    public void Dispose()
    {
        _opened.ForEach(d => d.Dispose());
        _schema.Dispose();
    }

    private PostgreSqlDatabase Open(string connectionString, string schema, ILogger<PostgreSqlDatabase>? logger = null)
    {
        var database = PostgreSqlDatabase.Create(connectionString, TestChatIdProtection.Shared, schema, logger);
        _opened.Add(database);
        return database;
    }

    private static OutboxMessage Message(string key, long chat, DateTimeOffset due) => new()
    {
        IdempotencyKey = key,
        UserId = "u",
        ChatId = chat,
        NotificationType = NotificationTypes.Test,
        Message = new TelegramMessage(key),
        CreatedAt = due,
        DueAt = due,
    };

    [Fact]
    public async Task A_new_database_gets_the_current_schema_in_the_default_schema_and_a_second_start_changes_nothing()
    {
        var name = _schema.Server.CreateDatabase();
        var connectionString = _schema.Server.ConnectionStringFor(name);
        var logs = new FakeLogger<PostgreSqlDatabase>();
        var first = Open(connectionString, PostgreSqlDatabase.DefaultSchema, logs);
        (await new PostgreSqlProcessedUpdateStore(first).TryMarkProcessedAsync(1, T0)).ShouldBeTrue();

        _schema.Server.Scalar("SELECT version FROM snstelegram.schema_version;", name).ShouldBe(PostgreSqlSchema.CurrentVersion);
        _schema.Server.Scalar("SELECT COUNT(*) FROM snstelegram.schema_version;", name).ShouldBe(1L);
        _schema.Server.Scalar(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'snstelegram';", name)
            .ShouldBe("button_actions,chat_links,data_keys,delivery_pause,digest_items,digest_windows,event_deliveries,job_occurrences,job_runs,link_tokens,notification_notes,outbox,processed_updates,rate_limit_permits,schema_version,send_pause,unreadable_updates");
        PostgreSqlSchema.Migrations.Count.ShouldBe(PostgreSqlSchema.CurrentVersion);
        var migrated = logs.Collector.GetSnapshot().ShouldHaveSingleItem();
        migrated.Id.Id.ShouldBe(6001);
        migrated.Message.ShouldBe($"PostgreSQL schema snstelegram of 127.0.0.1:{_schema.Server.Port}/{name} brought from version 0 to {PostgreSqlSchema.CurrentVersion}");

        // another instance (or a restart) finds the schema current: nothing is migrated or logged, the data stays
        var secondLogs = new FakeLogger<PostgreSqlDatabase>();
        var second = Open(connectionString, PostgreSqlDatabase.DefaultSchema, secondLogs);
        await second.EnsureSchemaAsync();
        (await new PostgreSqlProcessedUpdateStore(second).TryMarkProcessedAsync(1, T0)).ShouldBeFalse();
        secondLogs.Collector.Count.ShouldBe(0);
        _schema.Server.Scalar("SELECT COUNT(*) FROM snstelegram.schema_version;", name).ShouldBe(1L);
    }

    [Fact]
    public async Task A_schema_from_a_newer_library_is_refused_with_a_clear_message()
    {
        await new PostgreSqlProcessedUpdateStore(_schema.OpenDatabase()).TryMarkProcessedAsync(1, T0);
        _schema.Execute($"UPDATE \"{_schema.Name}\".schema_version SET version = {PostgreSqlSchema.CurrentVersion + 1};");

        var database = _schema.OpenDatabase();
        var error = await Should.ThrowAsync<InvalidOperationException>(async () =>
            await new PostgreSqlProcessedUpdateStore(database).TryMarkProcessedAsync(2, T0));
        error.Message.ShouldContain($"schema '{_schema.Name}'");
        error.Message.ShouldContain($"has schema version {PostgreSqlSchema.CurrentVersion + 1}, newer than the version {PostgreSqlSchema.CurrentVersion}");
        error.Message.ShouldContain("upgrade the package");
        await Should.ThrowAsync<InvalidOperationException>(() => database.EnsureSchemaAsync());
        _schema.Scalar($"SELECT version FROM \"{_schema.Name}\".schema_version;").ShouldBe(PostgreSqlSchema.CurrentVersion + 1);
    }

    [Fact]
    public async Task Several_instances_starting_at_once_create_the_schema_once()
    {
        var databases = Enumerable.Range(0, 6).Select(_ => _schema.OpenDatabase()).ToArray();
        var results = await Race.RunAsync(databases.Length, i =>
            new PostgreSqlProcessedUpdateStore(databases[i]).TryMarkProcessedAsync(i, T0).AsTask());

        results.ShouldAllBe(r => r);
        _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".schema_version;").ShouldBe(1L);
        _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".processed_updates;").ShouldBe(6L);
    }

    [Fact]
    public async Task A_schema_made_beforehand_is_used_by_a_user_that_may_not_create_schemas()
    {
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        _schema.Execute($"CREATE ROLE {role} LOGIN; CREATE SCHEMA \"{_schema.Name}\" AUTHORIZATION {role};");
        try
        {
            var asApp = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Username = role }.ConnectionString;

            // the role may not create a schema of its own...
            var elsewhere = Open(asApp, "t_" + Guid.NewGuid().ToString("N"));
            (await Should.ThrowAsync<PostgresException>(() => elsewhere.EnsureSchemaAsync())).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);

            // ...but creates its tables in the schema made for it
            var database = Open(asApp, _schema.Name);
            var link = new ChatLink { UserId = "alice", ChatId = 7, LinkedAt = T0 };
            await new PostgreSqlChatLinkStore(database).LinkAsync(link, exclusiveChat: true);
            (await new PostgreSqlChatLinkStore(database).GetAsync("alice")).ShouldBe(link);
        }
        finally
        {
            _schema.Execute($"DROP SCHEMA IF EXISTS \"{_schema.Name}\" CASCADE; DROP ROLE {role};");
        }
    }

    [Fact]
    public async Task A_reserved_word_is_a_usable_schema_name()
    {
        var name = _schema.Server.CreateDatabase();
        var database = Open(_schema.Server.ConnectionStringFor(name), "user");
        (await new PostgreSqlProcessedUpdateStore(database).TryMarkProcessedAsync(5, T0)).ShouldBeTrue();
        _schema.Server.Scalar("SELECT update_id FROM \"user\".processed_updates;", name).ShouldBe(5L);
    }

    [Fact]
    public async Task Instants_are_stored_as_utc_ticks_and_order_correctly_across_offsets()
    {
        var store = new PostgreSqlOutboxStore(_schema.OpenDatabase());
        var earlier = T0.AddTicks(7).ToOffset(TimeSpan.FromHours(14));
        var later = T0.AddMinutes(1).ToOffset(TimeSpan.FromHours(-12));
        await store.EnqueueAsync(Message("later", 1, later));
        await store.EnqueueAsync(Message("earlier", 2, earlier));

        var leases = await store.LeaseAsync(10, T0.AddHours(1), TimeSpan.FromMinutes(1));
        leases.Select(l => l.Message.IdempotencyKey).ShouldBe(["earlier", "later"]);
        leases[0].Message.DueAt.ShouldBe(earlier);
        leases[0].Message.DueAt.UtcTicks.ShouldBe(T0.UtcTicks + 7);
        leases[0].Message.DueAt.Offset.ShouldBe(TimeSpan.Zero);
        _schema.Scalar($"SELECT due_at FROM \"{_schema.Name}\".outbox WHERE idempotency_key = 'earlier';").ShouldBe(T0.UtcTicks + 7);
    }

    [Fact]
    public async Task Each_write_is_one_transaction_on_the_transactions_counter_and_reads_are_not_counted()
    {
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = metrics.GetRequiredService<IMeterFactory>();
        using var transactions = new MetricCollector<long>(meters, SnsTelegramDiagnostics.Name, "snstelegram.storage.transactions");
        await using var database = new PostgreSqlDatabase(NpgsqlDataSource.Create(_schema.ConnectionString), TestChatIdProtection.Shared, _schema.Name, ownsDataSource: true, meterFactory: meters);
        var store = new PostgreSqlOutboxStore(database);

        await store.EnqueueAsync(Message("a", 1, T0));
        await store.EnqueueAsync(Message("b", 2, T0));
        (await store.GetStatsAsync(T0)).Pending.ShouldBe(2);
        (await store.LeaseAsync(10, T0, TimeSpan.FromMinutes(1))).Count.ShouldBe(2);

        transactions.GetMeasurementSnapshot().Sum(m => m.Value).ShouldBe(3);
        transactions.LastMeasurement!.Tags["db.system.name"].ShouldBe("postgresql");
    }

    [Fact]
    public void The_migration_lock_and_the_row_lock_classes_are_stable_and_per_schema()
    {
        StableHash.Of32("abc").ShouldBe(StableHash.Of32("abc"));
        StableHash.Of32("snstelegram.outbox-chat:a").ShouldNotBe(StableHash.Of32("snstelegram.outbox-chat:b"));
        // FNV-1a reference values
        StableHash.Of32("a").ShouldBe(unchecked((int)0xe40c292cu));
        StableHash.Of64("a").ShouldBe(unchecked((long)0xaf63dc4c8601ec8cul));
    }

    [Fact]
    public void Without_the_server_binaries_the_tests_fail_and_say_how_to_install_them()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-postgresql-" + Guid.NewGuid().ToString("N"));
        var error = Should.Throw<InvalidOperationException>(() => PostgreSqlTestServer.Start(missing));
        error.Message.ShouldContain("apt-get install -y postgresql");
        error.Message.ShouldContain(missing);

        // the binaries this run uses are the newest installed version
        var bin = PostgreSqlTestServer.FindBinaries("/usr/lib/postgresql").ShouldNotBeNull();
        File.Exists(Path.Combine(bin, "initdb")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("has-dash")]
    [InlineData("has space")]
    [InlineData("1starts_with_digit")]
    [InlineData("pg_reserved")]
    [InlineData("x\";drop schema public;--")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Schema_names_that_are_not_plain_identifiers_are_refused(string schema)
    {
        var error = Should.Throw<ArgumentException>(() => PostgreSqlDatabase.ValidateSchema(schema));
        error.Message.ShouldContain("is not a plain identifier");
    }

    [Theory]
    [InlineData("snstelegram")]
    [InlineData("_private")]
    [InlineData("app_2")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Plain_identifiers_are_accepted_as_schema_names(string schema) => PostgreSqlDatabase.ValidateSchema(schema);
}
