namespace SnsTelegram.Sdk.PostgreSql.Tests;

internal static class PostgreSqlTestSchemaExtensions
{
    /// <summary>A PostgreSQL database over the test schema with a connection pool of its own, like another app instance would have.</summary>
    public static PostgreSqlDatabase OpenDatabase(this PostgreSqlTestSchema schema) =>
        schema.OpenDatabase((dataSource, name) => new PostgreSqlDatabase(dataSource, name, ownsDataSource: true));
}
