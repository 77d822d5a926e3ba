using System.Data.Common;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// How database providers store instants and chat types, and read nullable columns: instants as UTC ticks (exact, in
/// any database), chat types as small integers. Every provider stores the same values.
/// </summary>
internal static class StoredValues
{
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset Instant(DbDataReader reader, int ordinal) => Instant(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableInstant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant(reader.GetInt64(ordinal));

    public static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int ChatType(TelegramChatType type) => type switch
    {
        TelegramChatType.Private => 0,
        TelegramChatType.Group => 1,
        TelegramChatType.Supergroup => 2,
        TelegramChatType.Channel => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown chat type."),
    };

    public static TelegramChatType ChatType(long value) => value switch
    {
        0 => TelegramChatType.Private,
        1 => TelegramChatType.Group,
        2 => TelegramChatType.Supergroup,
        3 => TelegramChatType.Channel,
        _ => throw new InvalidDataException($"Unknown chat type {value} in the database."),
    };
}
