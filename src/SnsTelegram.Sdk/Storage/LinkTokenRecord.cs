namespace SnsTelegram.Sdk.Storage;

/// <summary>A stored link token. Only a hash of the token is kept.</summary>
public sealed record LinkTokenRecord
{
    /// <summary>The token's hash (for example base64url of SHA-256); the token itself is never stored.</summary>
    public required string TokenHash { get; init; }

    /// <summary>What the token is for.</summary>
    public required LinkTokenKind Kind { get; init; }

    /// <summary>The user it was issued to (deep links).</summary>
    public string? UserId { get; init; }

    /// <summary>The chat it was shown in (chat codes).</summary>
    public long? ChatId { get; init; }

    /// <summary>The kind of that chat (chat codes).</summary>
    public TelegramChatType? ChatType { get; init; }

    /// <summary>The language of the Telegram user who asked for a chat code, when known.</summary>
    public string? Language { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops being valid.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Its state.</summary>
    public LinkTokenState State { get; init; } = LinkTokenState.Active;
}
