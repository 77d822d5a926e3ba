using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

/// <summary>Chat ids at rest in the PostgreSQL schema: encrypted, found by their keyed hash, upgraded from plaintext, rotated.</summary>
public sealed class PostgreSqlEncryptionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = EncryptedRowFixture.T0;
    private const long Group = -1001987654321;
    private const long Other = -1001876543219;
    private const long Migrated = -1001765432198;

    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    private string Table(string name) => $"\"{_schema.Name}\".{name}";

    [Fact]
    public async Task Chat_ids_are_stored_encrypted_in_every_table_and_lookups_use_the_hash()
    {
        var database = _schema.OpenDatabase();
        await WriteRowsAsync(database);

        (await new PostgreSqlChatLinkStore(database).GetByChatAsync(Group)).Select(l => l.UserId).ShouldBe(["alice", "bob"]);
        (await new PostgreSqlOutboxStore(database).FindByKeyAsync("m2")).ShouldNotBeNull().ChatId.ShouldBe(Other);
        AssertNoPlaintext(Group, Other);
        ((string)_schema.Scalar($"SELECT chat_id_cipher FROM {Table("chat_links")} WHERE user_id = 'alice';")!).ShouldStartWith("1:");
    }

    [Fact]
    public async Task A_schema_from_before_encryption_is_encrypted_when_opened_and_keeps_working()
    {
        var previous = PostgreSqlSchema.ChatIdEncryptionVersion - 1;
        var quoted = $"\"{_schema.Name}\"";
        _schema.Execute(
            $"CREATE SCHEMA {quoted}; "
            + string.Concat(PostgreSqlSchema.Migrations.Take(previous)).Replace("{schema}", quoted, StringComparison.Ordinal)
            + $"CREATE TABLE {quoted}.schema_version (version INTEGER NOT NULL); INSERT INTO {quoted}.schema_version VALUES ({previous});");
        _schema.Execute(
            $$"""
            INSERT INTO {{Table("chat_links")}} (user_id, chat_id, chat_type, enabled, linked_at) VALUES
                ('alice', {{Group}}, 1, true, {{T0.UtcTicks}}), ('bob', {{Group}}, 1, true, {{T0.UtcTicks}}), ('carol', {{Other}}, 0, true, {{T0.UtcTicks}});
            INSERT INTO {{Table("link_tokens")}} VALUES
                ('code', 1, NULL, {{Group}}, 1, 'en', {{T0.UtcTicks}}, {{T0.AddMinutes(10).UtcTicks}}, 0),
                ('deep', 0, 'alice', NULL, NULL, NULL, {{T0.UtcTicks}}, {{T0.AddMinutes(10).UtcTicks}}, 0);
            INSERT INTO {{Table("outbox")}} (idempotency_key, user_id, chat_id, chat_type, notification_type, message, created_at, due_at, state, lane) VALUES
                ('g1', 'alice', {{Group}}, 1, 'test', '{"text":"g1","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 1),
                ('g2', 'bob', {{Group}}, 1, 'test', '{"text":"g2","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 0),
                ('o1', 'carol', {{Other}}, 0, 'test', '{"text":"o1","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 1);
            """);
        RowsText("chat_links").ShouldContain(Digits(Group), customMessage: "the test sees the plaintext chat id");

        var database = _schema.OpenDatabase();
        await database.EnsureSchemaAsync();
        _schema.Scalar($"SELECT version FROM {Table("schema_version")};").ShouldBe(PostgreSqlSchema.CurrentVersion);
        AssertNoPlaintext(Group, Other);

        var links = new PostgreSqlChatLinkStore(database);
        (await links.GetAsync("carol")).ShouldNotBeNull().ChatId.ShouldBe(Other);
        (await links.GetByChatAsync(Group)).Select(l => l.UserId).ShouldBe(["alice", "bob"]);
        var outbox = new PostgreSqlOutboxStore(database);
        (await outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1))).Select(l => (l.Message.IdempotencyKey, l.Message.ChatId))
            .ShouldBe([("g1", Group), ("o1", Other)], ignoreOrder: true);
        var tokens = new PostgreSqlLinkTokenStore(database);
        await tokens.AddAsync(new LinkTokenRecord { TokenHash = "code2", Kind = LinkTokenKind.ChatCode, ChatId = Group, ChatType = TelegramChatType.Group, CreatedAt = T0, ExpiresAt = T0.AddMinutes(10) });
        (await tokens.ConsumeAsync("code", LinkTokenKind.ChatCode, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        (await links.MigrateChatAsync(Group, Migrated)).ShouldBe(2);
        (await outbox.RedirectChatAsync(Group, Migrated)).ShouldBe(2);
        (await outbox.FindByKeyAsync("g2")).ShouldNotBeNull().ChatId.ShouldBe(Migrated);
    }

    [Fact]
    public async Task Rotation_keeps_old_and_new_rows_readable_and_its_pass_leaves_only_the_new_key()
    {
        var first = _schema.OpenDatabase();
        var bystander = _schema.OpenDatabase();
        await WriteRowsAsync(first);
        (await new PostgreSqlChatLinkStore(bystander).GetAsync("alice")).ShouldNotBeNull();

        (await first.AddValueKeyAsync(CancellationToken.None)).ShouldBe(2);
        await new PostgreSqlOutboxStore(first).EnqueueAsync(Message("m3", Group));
        KeyIds().ShouldBe([1, 2]);
        foreach (var database in (PostgreSqlDatabase[])[first, bystander])
        {
            (await new PostgreSqlOutboxStore(database).FindByKeyAsync("m3")).ShouldNotBeNull().ChatId.ShouldBe(Group);
            (await new PostgreSqlOutboxStore(database).FindByKeyAsync("m1")).ShouldNotBeNull().ChatId.ShouldBe(Group);
        }

        (await first.ReencryptAsync(CancellationToken.None)).ShouldBe(6);
        KeyIds().ShouldBe([2]);
        (await new PostgreSqlChatLinkStore(bystander).GetByChatAsync(Group)).Select(l => l.ChatId).ShouldBe([Group, Group]);
        (await new PostgreSqlOutboxStore(bystander).LeaseAsync(10, T0, TimeSpan.FromMinutes(1))).Select(l => l.Message.ChatId).ShouldBe([Group, Other], ignoreOrder: true);
    }

    [Fact]
    public async Task A_schema_whose_keys_another_key_ring_wrapped_stops_the_start_with_a_clear_error()
    {
        await WriteRowsAsync(_schema.OpenDatabase(TestChatIdProtection.OtherKeyRing()));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _schema.OpenDatabase(TestChatIdProtection.OtherKeyRing()).EnsureSchemaAsync());
        error.Message.ShouldContain(_schema.Name);
        error.Message.ShouldContain("PersistKeysToFileSystem");
    }

    [Fact]
    public async Task An_app_with_another_storage_key_fails_at_start_naming_the_setting()
    {
        await WriteRowsAsync(_schema.OpenDatabase());
        var services = StorageTestServices.Create();
        services.AddSnsTelegram(o => o.StorageEncryptionKey = Convert.ToBase64String(ChatIdKeys.NewKey())).UsePostgreSql(_schema.ConnectionString, _schema.Name);
        await using var provider = services.BuildServiceProvider();

        var initializer = provider.GetServices<IHostedService>().OfType<PostgreSqlSchemaInitializer>().ShouldHaveSingleItem();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => initializer.StartAsync(CancellationToken.None));
        error.Message.ShouldContain("SnsTelegram:StorageEncryptionKey");
    }

    private void AssertNoPlaintext(params long[] chatIds)
    {
        foreach (var table in (string[])["chat_links", "link_tokens", "outbox"])
        {
            _schema.Scalar($"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '{_schema.Name}' AND table_name = '{table}' AND column_name = 'chat_id';")
                .ShouldBe(0L, $"{table} keeps no plaintext chat_id column");
            foreach (var chatId in chatIds)
            {
                RowsText(table).ShouldNotContain(Digits(chatId));
            }
        }
    }

    private string RowsText(string table) => (string?)_schema.Scalar($"SELECT string_agg(t::text, '|') FROM {Table(table)} AS t;") ?? string.Empty;

    private List<long> KeyIds()
    {
        var ids = new SortedSet<long>();
        foreach (var table in (string[])["chat_links", "link_tokens", "outbox"])
        {
            var found = (string?)_schema.Scalar($"SELECT string_agg(DISTINCT split_part(chat_id_cipher, ':', 1), ',') FROM {Table(table)};");
            foreach (var id in (found ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                ids.Add(long.Parse(id, CultureInfo.InvariantCulture));
            }
        }

        return [.. ids];
    }

    private static string Digits(long chatId) => EncryptedRowFixture.Digits(chatId);

    private static Task WriteRowsAsync(PostgreSqlDatabase database) =>
        EncryptedRowFixture.WriteRowsAsync(new PostgreSqlChatLinkStore(database), new PostgreSqlLinkTokenStore(database), new PostgreSqlOutboxStore(database), Group, Other);

    private static OutboxMessage Message(string key, long chat) => EncryptedRowFixture.Message(key, chat);

    private static ChatLink Link(string user, long chat) => EncryptedRowFixture.Link(user, chat);
}
