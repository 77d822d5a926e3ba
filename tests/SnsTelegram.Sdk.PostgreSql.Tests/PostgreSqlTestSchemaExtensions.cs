using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql.Tests;

internal static class PostgreSqlTestSchemaExtensions
{
    /// <summary>
    /// A PostgreSQL database over the test schema with a connection pool of its own, like another app instance would have;
    /// its data keys are wrapped with <paramref name="protection"/> (default: the test key every database of the tests shares).
    /// </summary>
    public static PostgreSqlDatabase OpenDatabase(this PostgreSqlTestSchema schema, ChatIdProtection? protection = null) =>
        schema.OpenDatabase((dataSource, name) => new PostgreSqlDatabase(dataSource, protection ?? TestChatIdProtection.Shared, name, ownsDataSource: true));
}
