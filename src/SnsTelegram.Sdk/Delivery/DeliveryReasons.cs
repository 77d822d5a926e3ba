namespace SnsTelegram.Sdk.Delivery;

/// <summary>The values of the <c>reason</c> tag of the retried and dead-lettered counters.</summary>
internal static class DeliveryReasons
{
    public const string RateLimited = "rate_limited";
    public const string Transient = "transient";
    public const string Migrated = "chat_migrated";
    public const string Rejected = "rejected";
    public const string FormatterBug = "invalid_message";
    public const string MaxAttempts = "max_attempts";
    public const string OriginalMissing = "original_missing";
    public const string OriginalDeadLettered = "original_dead_lettered";
    public const string EditImpossible = "edit_impossible";

    /// <summary>Telegram answered 401: the bot token was revoked or is wrong. Begins the error text of such a failure.</summary>
    public const string BotTokenRejected = "bot_token_rejected";

    public const string MigrationRefused = "migration_refused";
}
