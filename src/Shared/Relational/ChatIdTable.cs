namespace SnsTelegram.Sdk.Relational;

/// <summary>A table that keeps chat ids (encrypted in <c>chat_id_cipher</c>, hashed in <c>chat_id_hash</c>), and its key column.</summary>
/// <param name="Name">The table's name.</param>
/// <param name="Key">The primary key column.</param>
/// <param name="KeyType">The key column's type.</param>
internal sealed record ChatIdTable(string Name, string Key, RelationalType KeyType)
{
    /// <summary>Every table that keeps chat ids.</summary>
    public static IReadOnlyList<ChatIdTable> All { get; } =
    [
        new("chat_links", "user_id", RelationalType.Text),
        new("link_tokens", "token_hash", RelationalType.Text),
        new("outbox", "id", RelationalType.Bigint),
    ];

    /// <summary>A value below every key, to start a keyset walk.</summary>
    public object First => KeyType == RelationalType.Text ? string.Empty : long.MinValue;
}
