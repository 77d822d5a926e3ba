using System.Buffers.Binary;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite.Tests;

/// <summary>Chat ids at rest in the SQLite file: encrypted, found by their keyed hash, upgraded from plaintext, rotated.</summary>
public sealed class SqliteEncryptionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = EncryptedRowFixture.T0;

    // supergroup-like ids: six significant bytes, as SQLite stores them, and thirteen digits as text
    private const long Group = -1001987654321;
    private const long Other = -1001876543219;
    private const long Migrated = -1001765432198;

    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Chat_ids_are_stored_encrypted_in_every_table_and_lookups_use_the_hash()
    {
        var database = _file.OpenDatabase();
        await WriteRowsAsync(database);

        // the rows read back, and lookups by chat find them
        (await new SqliteChatLinkStore(database).GetAsync("alice")).ShouldNotBeNull().ChatId.ShouldBe(Group);
        (await new SqliteChatLinkStore(database).GetByChatAsync(Group)).Select(l => l.UserId).ShouldBe(["alice", "bob"]);
        (await new SqliteOutboxStore(database).FindByKeyAsync("m1")).ShouldNotBeNull().ChatId.ShouldBe(Group);

        foreach (var table in (string[])["chat_links", "link_tokens", "outbox"])
        {
            Scalar($"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'chat_id';").ShouldBe(0L, $"{table} keeps no plaintext chat_id column");
            foreach (var row in RowsAsText(table))
            {
                row.ShouldNotContain(Digits(Group));
                row.ShouldNotContain(Digits(Other));
            }
        }

        Text("SELECT chat_id_cipher FROM chat_links WHERE user_id = 'alice';").ShouldStartWith("1:");
        Text("SELECT chat_id_hash FROM chat_links WHERE user_id = 'alice';").ShouldBe(Text("SELECT chat_id_hash FROM chat_links WHERE user_id = 'bob';"));
        Text("SELECT chat_id_cipher FROM chat_links WHERE user_id = 'alice';").ShouldNotBe(Text("SELECT chat_id_cipher FROM chat_links WHERE user_id = 'bob';"));

        CloseAll();
        FileHolds(Group).ShouldBeFalse("the file holds the chat id");
    }

    [Fact]
    public async Task Kept_updates_and_button_actions_hold_no_chat_id_or_name_in_the_clear()
    {
        var database = _file.OpenDatabase();
        var updates = new SqliteProcessedUpdateStore(database);
        var body = $$$"""{"update_id":7,"message":{"chat":{"id":{{{Group}}},"type":"supergroup","title":"Secret plans"},"from":{"username":"alice_handle"},"date":1099511627776}}""";
        await updates.AddUnreadableAsync(new UnreadableUpdate(7, "webhook", "unreadable", body, false, T0));
        var actionKey = string.Create(CultureInfo.InvariantCulture, $"{Group}:42:retry:post-9");
        (await updates.TryMarkButtonActionAsync(actionKey, T0)).ShouldBeTrue();

        // read back as written, and the action is still recorded once
        (await updates.GetUnreadableAsync(10)).ShouldHaveSingleItem().Body.ShouldBe(body);
        (await updates.TryMarkButtonActionAsync(actionKey, T0)).ShouldBeFalse();

        foreach (var table in (string[])["unreadable_updates", "button_actions"])
        {
            foreach (var row in RowsAsText(table))
            {
                row.ShouldNotContain(Digits(Group));
                row.ShouldNotContain("alice_handle");
                row.ShouldNotContain("Secret plans");
            }
        }

        CloseAll();
        FileHolds(Group).ShouldBeFalse("the file holds the chat id");
        File.ReadAllText(_file.Path, System.Text.Encoding.Latin1).ShouldNotContain("alice_handle");
    }

    [Fact]
    public async Task A_file_of_the_schema_before_encryption_is_encrypted_when_opened_and_keeps_working()
    {
        // the schema just before the encryption migration, with plaintext rows in every table that keeps chat ids
        System.IO.Directory.CreateDirectory(_file.Directory);
        var previous = SqliteSchema.ChatIdEncryptionVersion - 1;
        Execute(string.Concat(SqliteSchema.Migrations.Take(previous)) + $"CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES ({previous});");
        Execute(
            $$"""
            INSERT INTO chat_links (user_id, chat_id, chat_type, enabled, linked_at) VALUES ('alice', {{Group}}, 1, 1, {{T0.UtcTicks}});
            INSERT INTO chat_links (user_id, chat_id, chat_type, enabled, linked_at) VALUES ('bob', {{Group}}, 1, 1, {{T0.UtcTicks}});
            INSERT INTO chat_links (user_id, chat_id, chat_type, enabled, linked_at) VALUES ('carol', {{Other}}, 0, 1, {{T0.UtcTicks}});
            INSERT INTO link_tokens VALUES ('code', 1, NULL, {{Group}}, 1, 'en', {{T0.UtcTicks}}, {{T0.AddMinutes(10).UtcTicks}}, 0);
            INSERT INTO link_tokens VALUES ('deep', 0, 'alice', NULL, NULL, NULL, {{T0.UtcTicks}}, {{T0.AddMinutes(10).UtcTicks}}, 0);
            INSERT INTO outbox (idempotency_key, user_id, chat_id, chat_type, notification_type, message, created_at, due_at, state, lane)
            VALUES ('g1', 'alice', {{Group}}, 1, 'test', '{"text":"g1","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 1),
                   ('g2', 'bob', {{Group}}, 1, 'test', '{"text":"g2","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 0),
                   ('o1', 'carol', {{Other}}, 0, 'test', '{"text":"o1","parse_mode":"html","link_preview":false,"silent":false}', {{T0.UtcTicks}}, {{T0.UtcTicks}}, 0, 1);
            """);
        FileHolds(Group).ShouldBeTrue("the test sees a plaintext chat id in the file");

        var database = _file.OpenDatabase();
        await database.EnsureSchemaAsync();
        Scalar("SELECT version FROM schema_version;").ShouldBe(SqliteSchema.CurrentVersion);

        // readable, and found by chat
        var links = new SqliteChatLinkStore(database);
        (await links.GetAsync("carol")).ShouldNotBeNull().ChatId.ShouldBe(Other);
        (await links.GetByChatAsync(Group)).Select(l => l.UserId).ShouldBe(["alice", "bob"]);

        // the outbox keeps one message in flight per chat, in enqueue order, whatever the lanes
        var outbox = new SqliteOutboxStore(database);
        var leased = await outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1));
        leased.Select(l => (l.Message.IdempotencyKey, l.Message.ChatId)).ShouldBe([("g1", Group), ("o1", Other)], ignoreOrder: true);

        // a new chat code for the group retires the old one, found by the hash of the upgraded row
        var tokens = new SqliteLinkTokenStore(database);
        await tokens.AddAsync(new LinkTokenRecord { TokenHash = "code2", Kind = LinkTokenKind.ChatCode, ChatId = Group, ChatType = TelegramChatType.Group, CreatedAt = T0, ExpiresAt = T0.AddMinutes(10) });
        (await tokens.ConsumeAsync("code", LinkTokenKind.ChatCode, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        (await tokens.ConsumeAsync("deep", LinkTokenKind.DeepLink, T0)).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);

        // migrating the group moves the upgraded links and pending messages
        (await links.MigrateChatAsync(Group, Migrated)).ShouldBe(2);
        (await outbox.RedirectChatAsync(Group, Migrated)).ShouldBe(2);
        (await links.GetByChatAsync(Migrated)).Select(l => l.UserId).ShouldBe(["alice", "bob"]);
        (await outbox.FindByKeyAsync("g2")).ShouldNotBeNull().ChatId.ShouldBe(Migrated);

        CloseAll();
        FileHolds(Group).ShouldBeFalse("the upgraded file still holds the plaintext chat id");
        FileHolds(Other).ShouldBeFalse("the upgraded file still holds the plaintext chat id");
    }

    [Fact]
    public async Task Rotation_keeps_old_and_new_rows_readable_and_its_pass_leaves_only_the_new_key()
    {
        var first = _file.OpenDatabase();
        var bystander = _file.OpenDatabase();
        await WriteRowsAsync(first);
        (await new SqliteChatLinkStore(bystander).GetAsync("alice")).ShouldNotBeNull();

        var newKey = await first.AddValueKeyAsync(CancellationToken.None);
        newKey.ShouldBe(2);
        await new SqliteChatLinkStore(first).LinkAsync(Link("dave", Group), exclusiveChat: false);
        await new SqliteOutboxStore(first).EnqueueAsync(Message("m3", Group));
        KeyIds().ShouldBe([1, 2]);

        // both keys' rows read, in this instance and in one that read the keys before the rotation
        foreach (var database in (SqliteDatabase[])[first, bystander])
        {
            (await new SqliteChatLinkStore(database).GetByChatAsync(Group)).Select(l => l.UserId).ShouldBe(["alice", "bob", "dave"]);
            (await new SqliteOutboxStore(database).FindByKeyAsync("m3")).ShouldNotBeNull().ChatId.ShouldBe(Group);
            (await new SqliteOutboxStore(database).FindByKeyAsync("m1")).ShouldNotBeNull().ChatId.ShouldBe(Group);
        }

        // the three links, the chat code and the two messages written under key 1
        (await first.ReencryptAsync(CancellationToken.None)).ShouldBe(6);
        KeyIds().ShouldBe([2]);
        (await new SqliteChatLinkStore(bystander).GetByChatAsync(Group)).Select(l => l.ChatId).ShouldAllBe(id => id == Group);
        (await new SqliteLinkTokenStore(bystander).ConsumeAsync("code", LinkTokenKind.ChatCode, T0)).Token.ShouldNotBeNull().ChatId.ShouldBe(Group);
        (await new SqliteOutboxStore(bystander).LeaseAsync(10, T0, TimeSpan.FromMinutes(1))).Select(l => l.Message.ChatId).ShouldBe([Group, Other], ignoreOrder: true);
    }

    [Fact]
    public async Task The_rotation_service_of_the_provider_rotates_and_reencrypts()
    {
        var services = StorageTestServices.Create();
        services.AddSnsTelegram().UseSqlite(_file.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await WriteRowsAsync(provider.GetRequiredService<SqliteDatabase>());

        // <rotate-chat-id-key>
        var rotation = provider.GetRequiredService<IChatIdKeyRotation>();
        var keyId = await rotation.RotateAsync(); // adds key n+1, then re-encrypts every row under an older key
        // </rotate-chat-id-key>

        keyId.ShouldBe(2);

        KeyIds().ShouldBe([2]);
        (await provider.GetRequiredService<IChatLinkStore>().GetByChatAsync(Group)).Count.ShouldBe(2);
        (await provider.GetRequiredService<IChatIdKeyRotation>().ReencryptAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Apps_sharing_a_persisted_key_ring_read_each_others_file_and_an_app_with_another_ring_stops_at_start()
    {
        ServiceProvider App(string keyRingDirectory)
        {
            var services = StorageTestServices.Create();
            // <share-key-ring>
            services.AddDataProtection()
                .SetApplicationName("my-sns-app")
                .PersistKeysToFileSystem(new DirectoryInfo(keyRingDirectory)); // a shared volume; or PersistKeysToDbContext, a key vault
            // </share-key-ring>
            services.AddSnsTelegram().UseSqlite(_file.ConnectionString);
            return services.BuildServiceProvider();
        }

        var shared = Path.Combine(_file.Directory, "keys");
        await using (var first = App(shared))
        {
            await first.GetRequiredService<IChatLinkStore>().LinkAsync(Link("alice", Group), exclusiveChat: true);
        }

        await using (var second = App(shared))
        {
            await second.GetServices<IHostedService>().OfType<SqliteSchemaInitializer>().Single().StartAsync(CancellationToken.None);
            (await second.GetRequiredService<IChatLinkStore>().GetAsync("alice")).ShouldNotBeNull().ChatId.ShouldBe(Group);
        }

        await using var stranger = App(Path.Combine(_file.Directory, "other-keys"));
        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            stranger.GetServices<IHostedService>().OfType<SqliteSchemaInitializer>().Single().StartAsync(CancellationToken.None));
        error.Message.ShouldContain("shared, persisted key ring");
    }

    [Fact]
    public async Task A_file_whose_keys_another_key_ring_wrapped_stops_the_start_with_a_clear_error()
    {
        await WriteRowsAsync(_file.OpenDatabase(protection: TestChatIdProtection.OtherKeyRing()));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _file.OpenDatabase(protection: TestChatIdProtection.OtherKeyRing()).EnsureSchemaAsync());
        error.Message.ShouldContain(_file.Path);
        error.Message.ShouldContain("key ring");
        error.Message.ShouldContain("PersistKeysToFileSystem");

        var configured = await Should.ThrowAsync<InvalidOperationException>(() => _file.OpenDatabase(protection: TestChatIdProtection.Shared).EnsureSchemaAsync());
        configured.Message.ShouldContain("wrapped by ASP.NET Core Data Protection, but SnsTelegram:StorageEncryptionKey is set");
    }

    [Fact]
    public async Task An_app_with_another_storage_key_fails_at_start_naming_the_setting_and_never_shows_the_key()
    {
        await WriteRowsAsync(_file.OpenDatabase());
        var otherKey = Convert.ToBase64String(ChatIdKeys.NewKey());
        var services = StorageTestServices.Create();
        services.AddSnsTelegram(o => o.StorageEncryptionKey = otherKey).UseSqlite(_file.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        var initializer = provider.GetServices<IHostedService>().OfType<SqliteSchemaInitializer>().ShouldHaveSingleItem();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => initializer.StartAsync(CancellationToken.None));

        error.Message.ShouldContain("SnsTelegram:StorageEncryptionKey");
        error.Message.ShouldContain("not the key that wrapped them");
        error.Message.ShouldNotContain(otherKey);
        error.Message.ShouldNotContain(TestChatIdProtection.Key);
    }

    [Fact]
    public async Task A_lost_data_key_table_is_an_error_not_garbage()
    {
        await WriteRowsAsync(_file.OpenDatabase());
        CloseAll();
        Execute("DELETE FROM data_keys WHERE id >= 1;");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _file.OpenDatabase().EnsureSchemaAsync());
        error.Message.ShouldContain("lost the data keys");
    }

    [Fact]
    public async Task An_altered_encrypted_chat_id_is_refused()
    {
        var database = _file.OpenDatabase();
        await WriteRowsAsync(database);
        var cipher = Text("SELECT chat_id_cipher FROM chat_links WHERE user_id = 'alice';");
        var altered = cipher[..^4] + (cipher[^4] == 'A' ? 'B' : 'A') + cipher[^3..];
        Execute($"UPDATE chat_links SET chat_id_cipher = '{altered}' WHERE user_id = 'alice';");

        await Should.ThrowAsync<InvalidDataException>(async () => await new SqliteChatLinkStore(database).GetAsync("alice"));
    }

    private static Task WriteRowsAsync(SqliteDatabase database) =>
        EncryptedRowFixture.WriteRowsAsync(new SqliteChatLinkStore(database), new SqliteLinkTokenStore(database), new SqliteOutboxStore(database), Group, Other);

    private static OutboxMessage Message(string key, long chat) => EncryptedRowFixture.Message(key, chat);

    private static ChatLink Link(string user, long chat) => EncryptedRowFixture.Link(user, chat);

    private static string Digits(long chatId) => EncryptedRowFixture.Digits(chatId);

    /// <summary>Whether the file (and its WAL) holds the chat id as SQLite stores an integer (big-endian, six bytes here) or as digits.</summary>
    private bool FileHolds(long chatId)
    {
        var bytes = File.ReadAllBytes(_file.Path).Concat(File.Exists(_file.Path + "-wal") ? File.ReadAllBytes(_file.Path + "-wal") : []).ToArray();
        var integer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(integer, chatId);
        return bytes.AsSpan().IndexOf(integer.AsSpan(2)) >= 0
            || bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Digits(chatId))) >= 0;
    }

    /// <summary>The ids of the value keys that the stored chat ids are under.</summary>
    private List<long> KeyIds()
    {
        var ids = new SortedSet<long>();
        foreach (var table in (string[])["chat_links", "link_tokens", "outbox"])
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT DISTINCT CAST(substr(chat_id_cipher, 1, instr(chat_id_cipher, ':') - 1) AS INTEGER) FROM {table} WHERE chat_id_cipher IS NOT NULL;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return [.. ids];
    }

    private List<string> RowsAsText(string table)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table};";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private void CloseAll()
    {
        SqliteConnection.ClearAllPools();
        using var connection = Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }
}
