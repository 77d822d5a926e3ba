namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// What a write must not run alongside: other writes of the same <paramref name="Purpose"/> on the same key, such as two
/// links to one chat. A database with advisory locks (PostgreSQL) takes a lock on it for the write's transaction; one
/// that runs a single writer at a time (SQLite) has nothing to do.
/// </summary>
/// <param name="Purpose">The kind of lock, such as <c>chat-link</c>; each kind is a key space of its own.</param>
/// <param name="Number">The key when it is a number (a chat id).</param>
/// <param name="Text">The key when it is text (a user id); null when the key is <paramref name="Number"/>.</param>
internal readonly record struct RowLock(string Purpose, long Number, string? Text = null)
{
    /// <summary>A lock on one chat.</summary>
    public static RowLock OnChat(string purpose, long chatId) => new(purpose, chatId);

    /// <summary>A lock on one user.</summary>
    public static RowLock OnUser(string purpose, string userId) => new(purpose, 0, userId);
}
