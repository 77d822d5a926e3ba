namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Which outbox messages a query, a resend or a discard is about. Every criterion that is set must match; an empty filter
/// matches every message. Times compare with <see cref="OutboxMessage.CreatedAt"/>.
/// </summary>
public sealed record OutboxFilter
{
    /// <summary>Only the message with this id.</summary>
    public long? Id { get; init; }

    /// <summary>Only messages in this state.</summary>
    public OutboxState? State { get; init; }

    /// <summary>Only messages for this user.</summary>
    public string? UserId { get; init; }

    /// <summary>Only messages of this notification type.</summary>
    public string? NotificationType { get; init; }

    /// <summary>
    /// Only messages whose <see cref="OutboxMessage.LastError"/> is this reason: exactly this text, or this text followed
    /// by <c>:</c> and details (a dead letter's error is <c>reason: details</c>, as in <c>bot_blocked: Forbidden: ...</c>).
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>Only messages created at or after this instant.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only messages created before this instant.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>When true, edits (<see cref="OutboxMessage.EditOf"/> set) are left out.</summary>
    public bool ExcludeEdits { get; init; }

    /// <summary>Whether <paramref name="message"/> meets every criterion of this filter.</summary>
    /// <param name="message">The message.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (Id is null || message.Id == Id)
            && (State is null || message.State == State)
            && (UserId is null || string.Equals(message.UserId, UserId, StringComparison.Ordinal))
            && (NotificationType is null || string.Equals(message.NotificationType, NotificationType, StringComparison.Ordinal))
            && (Reason is null || HasReason(message.LastError, Reason))
            && (CreatedFrom is null || message.CreatedAt >= CreatedFrom)
            && (CreatedBefore is null || message.CreatedAt < CreatedBefore)
            && (!ExcludeEdits || message.EditOf is null);
    }

    private static bool HasReason(string? error, string reason) =>
        error is not null
        && error.StartsWith(reason, StringComparison.Ordinal)
        && (error.Length == reason.Length || error[reason.Length] == ':');
}
