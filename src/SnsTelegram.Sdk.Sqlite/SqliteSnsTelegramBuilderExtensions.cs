#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Relational;
using SnsTelegram.Sdk.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite stores.</summary>
public static class SqliteSnsTelegramBuilderExtensions
{
    /// <summary>
    /// Keeps chat links, link tokens, processed update ids, the outbox, job leases and the per-user limits' permits in one SQLite file, replacing the
    /// in-memory stores. The file and its directory are created when missing; the schema is created or upgraded
    /// automatically when the app starts (and on first use), in WAL mode with <c>synchronous=NORMAL</c>. Several threads
    /// and several processes on the same machine may share the file; for several machines use a server database.
    /// Chat ids are encrypted at rest under data keys kept in the file, wrapped by the app's ASP.NET Core Data Protection
    /// key ring or by <see cref="SnsTelegramOptions.StorageEncryptionKey"/> (see <see cref="ChatIdProtection"/>); a file
    /// of an older version is encrypted when the app starts. Rotate the key through <see cref="IChatIdKeyRotation"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string naming a file, such as <c>Data Source=snstelegram.db</c>.
    /// <c>Default Timeout</c> (seconds, default 30) is also how long a writer waits for another one.
    /// </param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The connection string is missing (the message names <c>ConnectionStrings:SnsTelegram</c>), invalid, read-only or in-memory.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    ///     .UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"));
    /// </code>
    /// </example>
    public static ISnsTelegramBuilder UseSqlite(this ISnsTelegramBuilder builder, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "UseSqlite needs a connection string such as 'Data Source=snstelegram.db'. With GetConnectionString(\"SnsTelegram\"), set ConnectionStrings:SnsTelegram in appsettings.json (or the environment variable ConnectionStrings__SnsTelegram).",
                nameof(connectionString));
        }

        // validate now, so a bad connection string fails where it is configured
        _ = SqliteDatabase.ParseConnectionString(connectionString);

        builder.Services.AddRelationalDatabase<SqliteDatabase, SqliteSchemaInitializer>(sp => new SqliteDatabase(
            connectionString, sp.GetRequiredService<ChatIdProtection>(), sp.GetService<ILogger<SqliteDatabase>>(), sp.GetService<IMeterFactory>()));
        builder.UseStores<SqliteChatLinkStore, SqliteLinkTokenStore, SqliteProcessedUpdateStore, SqliteOutboxStore, SqliteJobLeaseStore>()
            .ReplaceStore<IDispatchCoordinator, SqliteDispatchCoordinator>()
            .ReplaceStore<IRateLimitStore, SqliteRateLimitStore>()
            .ReplaceStore<IDigestStore, SqliteDigestStore>()
            .ReplaceStore<IEventDeliveryStore, SqliteEventDeliveryStore>()
            .ReplaceStore<INotificationNoteStore, SqliteNotificationNoteStore>();
        return builder;
    }
}
