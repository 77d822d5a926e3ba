using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

public sealed class PostgreSqlRegistrationTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    private static ServiceCollection Services(FakeLogCollector? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(new FakeLoggerProvider(logs));
            }
        });
        services.AddOptions<SnsTelegramOptions>().Configure(o =>
        {
            o.BotToken = "123456:TEST-storage-registration-token-000";
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
        });
        return services;
    }

    private bool SchemaExists() =>
        (bool)_schema.Scalar($"SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{_schema.Name}');")!;

    [Fact]
    public async Task UsePostgreSql_replaces_every_store_and_creates_the_schema_at_start()
    {
        var logs = new FakeLogCollector();
        var services = Services(logs);
        var withPassword = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Password = "not-a-real-secret-42" }.ConnectionString;
        services.AddSnsTelegram().UsePostgreSql(withPassword, _schema.Name);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IChatLinkStore>().ShouldBeOfType<PostgreSqlChatLinkStore>();
        provider.GetRequiredService<ILinkTokenStore>().ShouldBeOfType<PostgreSqlLinkTokenStore>();
        provider.GetRequiredService<IProcessedUpdateStore>().ShouldBeOfType<PostgreSqlProcessedUpdateStore>();
        provider.GetRequiredService<IOutboxStore>().ShouldBeOfType<PostgreSqlOutboxStore>();
        provider.GetRequiredService<IJobLeaseStore>().ShouldBeOfType<PostgreSqlJobLeaseStore>();
        provider.GetRequiredService<IRateLimitStore>().ShouldBeOfType<PostgreSqlRateLimitStore>();
        provider.GetRequiredService<IDigestStore>().ShouldBeOfType<PostgreSqlDigestStore>();
        services.Count(d => d.ServiceType == typeof(IRateLimitStore)).ShouldBe(1);
        provider.GetRequiredService<IOutboxStore>().ShouldBeSameAs(provider.GetRequiredService<IOutboxStore>());
        services.Count(d => d.ServiceType == typeof(IOutboxStore)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IJobLeaseStore)).ShouldBe(1);

        SchemaExists().ShouldBeFalse();
        await provider.GetServices<IHostedService>().OfType<PostgreSqlSchemaInitializer>().ShouldHaveSingleItem().StartAsync(CancellationToken.None);
        SchemaExists().ShouldBeTrue();

        var migrated = logs.GetSnapshot().Where(r => r.Id.Id == 6001).ShouldHaveSingleItem();
        migrated.Level.ShouldBe(LogLevel.Information);
        migrated.Message.ShouldContain(_schema.Name);
        migrated.Message.ShouldContain("127.0.0.1");
        logs.GetSnapshot().ShouldAllBe(r => !r.Message.Contains("not-a-real-secret-42"));
    }

    private WebApplicationBuilder AppBuilder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SnsTelegram"] = _schema.ConnectionString,
            ["ConnectionStrings:App"] = _schema.ConnectionString,
            ["SnsTelegram:BotToken"] = "123456:TEST-storage-registration-token-000",
            ["SnsTelegram:BotUsername"] = "sns_test_bot",
            ["SnsTelegram:UpdateMode"] = "None",
        });
        return builder;
    }

    [Fact]
    public async Task The_documented_registration_with_a_connection_string_works()
    {
        var builder = AppBuilder();
        // <use-postgresql>
        builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
            .UsePostgreSql(builder.Configuration.GetConnectionString("SnsTelegram"));
        // </use-postgresql>
        await using var app = builder.Build();
        app.Services.GetRequiredService<IOutboxStore>().ShouldBeOfType<PostgreSqlOutboxStore>();
        app.Services.GetRequiredService<PostgreSqlDatabase>().Schema.ShouldBe("snstelegram");
    }

    [Fact]
    public async Task The_documented_registration_with_a_data_source_works()
    {
        var builder = AppBuilder();
        // <use-postgresql-data-source>
        var dataSource = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("App")!);
        builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
            .UsePostgreSql(dataSource, schema: "notifications");
        // </use-postgresql-data-source>
        await using (dataSource)
        await using (var app = builder.Build())
        {
            app.Services.GetRequiredService<IChatLinkStore>().ShouldBeOfType<PostgreSqlChatLinkStore>();
            var database = app.Services.GetRequiredService<PostgreSqlDatabase>();
            database.Schema.ShouldBe("notifications");
            database.DataSource.ShouldBeSameAs(dataSource);
        }
    }

    [Fact]
    public async Task UsePostgreSql_with_a_data_source_uses_it_and_leaves_it_to_its_owner()
    {
        await using var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        var services = Services();
        services.AddSnsTelegram().UsePostgreSql(dataSource, _schema.Name);
        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<PostgreSqlDatabase>().DataSource.ShouldBeSameAs(dataSource);
            var links = provider.GetRequiredService<IChatLinkStore>();
            await links.LinkAsync(new ChatLink { UserId = "alice", ChatId = 1, LinkedAt = DateTimeOffset.UnixEpoch }, exclusiveChat: true);
        }

        // the container is gone; the caller's data source still works and sees the data (the chat id encrypted)
        await using var command = dataSource.CreateCommand($"SELECT chat_id_cipher FROM \"{_schema.Name}\".chat_links WHERE user_id = 'alice';");
        (await command.ExecuteScalarAsync()).ShouldBeOfType<string>().ShouldStartWith("1:");
    }

    [Fact]
    public async Task The_default_schema_is_snstelegram()
    {
        var services = Services();
        services.AddSnsTelegram().UsePostgreSql(_schema.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<PostgreSqlDatabase>().Schema.ShouldBe("snstelegram");
    }

    [Fact]
    public async Task UseInMemoryStores_after_UsePostgreSql_goes_back_to_memory_and_touches_no_database()
    {
        var services = Services();
        services.AddSnsTelegram().UsePostgreSql(_schema.ConnectionString, _schema.Name).UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOutboxStore>().ShouldBeOfType<InMemoryOutboxStore>();
        provider.GetRequiredService<IChatLinkStore>().ShouldBeOfType<InMemoryChatLinkStore>();
        services.Count(d => d.ServiceType == typeof(IChatLinkStore)).ShouldBe(1);
        foreach (var hosted in provider.GetServices<IHostedService>().OfType<PostgreSqlSchemaInitializer>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        SchemaExists().ShouldBeFalse();
    }

    [Fact]
    public void UsePostgreSql_twice_keeps_one_database_and_the_last_settings()
    {
        var services = Services();
        services.AddSnsTelegram().UsePostgreSql(_schema.ConnectionString, "first").UsePostgreSql(_schema.ConnectionString, _schema.Name);
        using var provider = services.BuildServiceProvider();
        services.Count(d => d.ServiceType == typeof(PostgreSqlDatabase)).ShouldBe(1);
        services.Count(d => d.ImplementationType == typeof(PostgreSqlSchemaInitializer)).ShouldBe(1);
        provider.GetRequiredService<PostgreSqlDatabase>().Schema.ShouldBe(_schema.Name);
    }

    [Theory]
    [InlineData(null, "set ConnectionStrings:SnsTelegram")]
    [InlineData("", "set ConnectionStrings:SnsTelegram")]
    [InlineData("   ", "set ConnectionStrings:SnsTelegram")]
    [InlineData("Unknown Keyword=1", "not valid")]
    [InlineData("Host=db;Port=not-a-number", "not valid")]
    [InlineData("Database=app;Username=app", "must name a server")]
    public void UsePostgreSql_refuses_a_bad_connection_string_where_it_is_called(string? connectionString, string expected)
    {
        var builder = Services().AddSnsTelegram();
        var error = Should.Throw<ArgumentException>(() => builder.UsePostgreSql(connectionString));
        error.Message.ShouldContain(expected);
        builder.Services.Any(d => d.ServiceType == typeof(PostgreSqlDatabase)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad-Name")]
    [InlineData("pg_catalog")]
    [InlineData("x\"; DROP TABLE users; --")]
    public void UsePostgreSql_refuses_a_bad_schema_name_where_it_is_called(string schema)
    {
        var builder = Services().AddSnsTelegram();
        Should.Throw<ArgumentException>(() => builder.UsePostgreSql(_schema.ConnectionString, schema)).Message.ShouldContain("not a plain identifier");
        using var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        Should.Throw<ArgumentException>(() => builder.UsePostgreSql(dataSource, schema)).ParamName.ShouldBe("schema");
    }

    [Fact]
    public void UsePostgreSql_refuses_null_arguments()
    {
        var builder = Services().AddSnsTelegram();
        // what GetConnectionString("SnsTelegram") returns when the app has no such setting
        Should.Throw<ArgumentException>(() => builder.UsePostgreSql((string?)null)).Message.ShouldContain("set ConnectionStrings:SnsTelegram");
        Should.Throw<ArgumentException>(() => builder.UsePostgreSql(" ")).Message.ShouldContain("ConnectionStrings:SnsTelegram");
        Should.Throw<ArgumentNullException>(() => builder.UsePostgreSql((NpgsqlDataSource)null!));
        Should.Throw<ArgumentNullException>(() => builder.UsePostgreSql(_schema.ConnectionString, null!));
        Should.Throw<ArgumentNullException>(() => ((ISnsTelegramBuilder)null!).UsePostgreSql(_schema.ConnectionString));
    }

    [Fact]
    public async Task An_unreachable_server_stops_the_app_at_start()
    {
        var services = Services();
        // a port nobody listens on
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        services.AddSnsTelegram().UsePostgreSql($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3", _schema.Name);
        await using var provider = services.BuildServiceProvider();
        var initializer = provider.GetServices<IHostedService>().OfType<PostgreSqlSchemaInitializer>().Single();
        await Should.ThrowAsync<NpgsqlException>(() => initializer.StartAsync(CancellationToken.None));
    }
}
