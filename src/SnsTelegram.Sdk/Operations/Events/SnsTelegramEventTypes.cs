namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>The types of <see cref="SnsTelegramEvent"/>, as they appear in the webhook's <c>type</c> field.</summary>
public static class SnsTelegramEventTypes
{
    /// <summary>A message reached Telegram.</summary>
    public const string MessageSent = "message.sent";

    /// <summary>A send failed and will be tried again (<see cref="SnsTelegramEvent.AttemptCount"/>, <see cref="SnsTelegramEvent.NextAttemptAt"/>).</summary>
    public const string MessageFailed = "message.failed";

    /// <summary>A message was given up (<see cref="SnsTelegramEvent.Reason"/>).</summary>
    public const string MessageDeadLettered = "message.dead_lettered";

    /// <summary>An edit of a sent message reached Telegram.</summary>
    public const string MessageEdited = "message.edited";

    /// <summary>A user linked a chat (<see cref="SnsTelegramEvent.Reason"/>: <c>deep_link</c> or <c>chat_code</c>).</summary>
    public const string LinkCreated = "link.created";

    /// <summary>A user's link was removed (unlinked, or the private chat was linked to another account).</summary>
    public const string LinkRemoved = "link.removed";

    /// <summary>A user's link was turned off (<see cref="SnsTelegramEvent.Reason"/>: <c>bot_blocked</c>, <c>chat_not_found</c>, <c>user_deactivated</c>, <c>stopped_by_user</c>).</summary>
    public const string LinkDisabled = "link.disabled";

    /// <summary>A user's group became a supergroup with a new chat id; the link followed it.</summary>
    public const string LinkMigrated = "link.migrated";
}
