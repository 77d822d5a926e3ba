namespace SnsTelegram.Sdk.Sqlite.Tests;

internal static class SqliteTestFileExtensions
{
    /// <summary>A SQLite database over the test file, with sessions of its own, like another process would have.</summary>
    public static SqliteDatabase OpenDatabase(this SqliteTestFile file) => file.OpenDatabase(connectionString => new SqliteDatabase(connectionString));
}
