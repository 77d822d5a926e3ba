using System.Diagnostics.Metrics;

namespace SnsTelegram.Sdk.Sqlite.Tests;

internal static class SqliteTestFileExtensions
{
    /// <summary>
    /// A SQLite database over the test file, with sessions of its own, like another process would have. With
    /// <paramref name="meters"/> it publishes its instruments on the <c>SnsTelegram</c> meter that factory creates.
    /// </summary>
    public static SqliteDatabase OpenDatabase(this SqliteTestFile file, IMeterFactory? meters = null) =>
        file.OpenDatabase(connectionString => new SqliteDatabase(connectionString, meterFactory: meters));
}
