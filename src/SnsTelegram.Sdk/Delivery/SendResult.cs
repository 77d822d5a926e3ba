namespace SnsTelegram.Sdk.Delivery;

/// <summary>The result of <see cref="SendPipeline.SendAsync"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Error">A token-free description of a failure, as Telegram (or the network) gave it.</param>
internal readonly record struct SendResult(SendResultKind Kind, string? Error = null)
{
    /// <summary>For <see cref="SendResultKind.Sent"/>: Telegram's id of the message.</summary>
    public long? MessageId { get; init; }

    /// <summary>For <see cref="SendResultKind.Throttled"/> and <see cref="SendResultKind.RateLimited"/>: how long to wait.</summary>
    public TimeSpan Wait { get; init; }

    /// <summary>
    /// For <see cref="SendResultKind.ChatGone"/>: why the links were turned off (<see cref="Storage.ChatLinkDisabledReasons"/>);
    /// for <see cref="SendResultKind.Rejected"/>: the dead-letter reason (<see cref="DeliveryReasons"/>).
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="SendResultKind.Failed"/>: no answer came after the request went out (<see cref="SendOutcome.Unanswered"/>).</summary>
    public bool Unanswered { get; init; }

    /// <summary>For <see cref="SendResultKind.Migrated"/>: the supergroup's id, when Telegram named one other than the chat's.</summary>
    public long? NewChatId { get; init; }
}
