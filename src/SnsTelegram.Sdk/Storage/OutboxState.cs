namespace SnsTelegram.Sdk.Storage;

/// <summary>The state of an outbox message.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be sent (or to be retried).</summary>
    Pending,

    /// <summary>Delivered to Telegram.</summary>
    Sent,

    /// <summary>Given up on; see <see cref="OutboxMessage.LastError"/>.</summary>
    DeadLettered,
}
