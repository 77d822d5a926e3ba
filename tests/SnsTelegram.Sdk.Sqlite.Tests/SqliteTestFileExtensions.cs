using System.Diagnostics.Metrics;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite.Tests;

internal static class SqliteTestFileExtensions
{
    /// <summary>
    /// A SQLite database over the test file, with sessions of its own, like another process would have. With
    /// <paramref name="meters"/> it publishes its instruments on the <c>SnsTelegram</c> meter that factory creates. Its
    /// data keys are wrapped with <paramref name="protection"/> (default: the test key every database of the tests shares).
    /// </summary>
    public static SqliteDatabase OpenDatabase(this SqliteTestFile file, IMeterFactory? meters = null, ChatIdProtection? protection = null) =>
        file.OpenDatabase(connectionString => new SqliteDatabase(connectionString, protection ?? TestChatIdProtection.Shared, meterFactory: meters));
}
