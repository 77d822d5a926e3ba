#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Relational;
using SnsTelegram.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL stores.</summary>
public static class PostgreSqlSnsTelegramBuilderExtensions
{
    /// <summary>
    /// Keeps chat links, link tokens, processed update ids, the outbox, job leases and the per-user limits' permits in one PostgreSQL schema, replacing
    /// the in-memory stores, so several instances of the app can share the work: the outbox is leased with
    /// <c>FOR UPDATE SKIP LOCKED</c> and each job occurrence is claimed by one instance. The schema and its tables are
    /// created or upgraded automatically when the app starts (and on first use); instances starting together take turns.
    /// Chat ids are encrypted at rest under data keys kept in the schema, wrapped by the app's ASP.NET Core Data
    /// Protection key ring (which every instance must share) or by <see cref="SnsTelegramOptions.StorageEncryptionKey"/>
    /// (see <see cref="ChatIdProtection"/>); rotate the key through <see cref="IChatIdKeyRotation"/>.
    /// The library creates and owns an <see cref="NpgsqlDataSource"/> (a connection pool) for
    /// <paramref name="connectionString"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <param name="connectionString">
    /// An Npgsql connection string, such as <c>Host=db;Database=app;Username=app;Password=...</c>. Its pooling settings
    /// (<c>Maximum Pool Size</c>, default 100) apply to the library's pool.
    /// </param>
    /// <param name="schema">
    /// The schema that holds the tables, created when missing: 1 to 63 lower-case letters, digits and underscores.
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The connection string is missing (the message names <c>ConnectionStrings:SnsTelegram</c>), invalid or names no host, or the schema name is not a plain identifier.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    ///     .UsePostgreSql(builder.Configuration.GetConnectionString("SnsTelegram"));
    /// </code>
    /// </example>
    public static ISnsTelegramBuilder UsePostgreSql(this ISnsTelegramBuilder builder, string? connectionString, string schema = PostgreSqlDatabase.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "UsePostgreSql needs a connection string such as 'Host=db;Database=app;Username=app'. With GetConnectionString(\"SnsTelegram\"), set ConnectionStrings:SnsTelegram in appsettings.json (or the environment variable ConnectionStrings__SnsTelegram).",
                nameof(connectionString));
        }

        // validate now, so a bad connection string or schema fails where it is configured
        var parsed = PostgreSqlDatabase.ParseConnectionString(connectionString);
        PostgreSqlDatabase.ValidateSchema(schema);
        var normalized = parsed.ConnectionString;
        return builder.Use(sp => PostgreSqlDatabase.Create(normalized, sp.GetRequiredService<ChatIdProtection>(), schema, sp.GetService<ILogger<PostgreSqlDatabase>>(), sp.GetService<IMeterFactory>()));
    }

    /// <summary>
    /// Keeps chat links, link tokens, processed update ids, the outbox, job leases and the per-user limits' permits in one PostgreSQL schema reached
    /// through <paramref name="dataSource"/>, replacing the in-memory stores; see the overload with a connection string.
    /// The data source stays the caller's: the library does not dispose it.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <param name="dataSource">The Npgsql data source (connection pool) to use, for example one shared with the app.</param>
    /// <param name="schema">
    /// The schema that holds the tables, created when missing: 1 to 63 lower-case letters, digits and underscores.
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The schema name is not a plain identifier.</exception>
    public static ISnsTelegramBuilder UsePostgreSql(this ISnsTelegramBuilder builder, NpgsqlDataSource dataSource, string schema = PostgreSqlDatabase.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgreSqlDatabase.ValidateSchema(schema);
        return builder.Use(sp => new PostgreSqlDatabase(dataSource, sp.GetRequiredService<ChatIdProtection>(), schema, ownsDataSource: false, sp.GetService<ILogger<PostgreSqlDatabase>>(), sp.GetService<IMeterFactory>()));
    }

    private static ISnsTelegramBuilder Use(this ISnsTelegramBuilder builder, Func<IServiceProvider, PostgreSqlDatabase> database)
    {
        builder.Services.AddRelationalDatabase<PostgreSqlDatabase, PostgreSqlSchemaInitializer>(database);
        return builder.UseStores<PostgreSqlChatLinkStore, PostgreSqlLinkTokenStore, PostgreSqlProcessedUpdateStore, PostgreSqlOutboxStore, PostgreSqlJobLeaseStore>()
            .ReplaceStore<IDispatchCoordinator, PostgreSqlDispatchCoordinator>()
            .ReplaceStore<IRateLimitStore, PostgreSqlRateLimitStore>()
            .ReplaceStore<IDigestStore, PostgreSqlDigestStore>()
            .ReplaceStore<IEventDeliveryStore, PostgreSqlEventDeliveryStore>()
            .ReplaceStore<INotificationNoteStore, PostgreSqlNotificationNoteStore>();
    }
}
