namespace SnsTelegram.Sdk.Storage;

/// <summary>Argument checks shared by the store implementations, so every provider refuses the same bad input.</summary>
internal static class StoreArguments
{
    public static void UserId(string userId, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(userId))] string? name = null) =>
        ArgumentException.ThrowIfNullOrWhiteSpace(userId, name);

    public static void Link(ChatLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrWhiteSpace(link.UserId, nameof(link));
        ArgumentNullException.ThrowIfNull(link.MutedTypes, nameof(link));
    }

    public static void Limit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    public static void Token(LinkTokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrEmpty(token.TokenHash, nameof(token));
        switch (token.Kind)
        {
            case LinkTokenKind.DeepLink when string.IsNullOrWhiteSpace(token.UserId):
                throw new ArgumentException("A deep-link token needs the user id it was issued to.", nameof(token));
            case LinkTokenKind.ChatCode when token.ChatId is null:
                throw new ArgumentException("A chat code needs the chat id it was shown in.", nameof(token));
            case LinkTokenKind.DeepLink or LinkTokenKind.ChatCode:
                break;
            default:
                throw new ArgumentException($"Unknown token kind {token.Kind}.", nameof(token));
        }

        if (token.State != LinkTokenState.Active)
        {
            throw new ArgumentException("A new token must be active.", nameof(token));
        }
    }

    public static void Message(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.IdempotencyKey, nameof(message));
        ArgumentException.ThrowIfNullOrWhiteSpace(message.UserId, nameof(message));
        ArgumentException.ThrowIfNullOrEmpty(message.NotificationType, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Message, nameof(message));
    }

    public static void Lease(string leaseId) => ArgumentException.ThrowIfNullOrEmpty(leaseId);

    public static void LeaseRequest(int max, TimeSpan leaseDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
    }

    public static void Job(string jobId, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
    }

    public static void Run(JobRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.JobId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Owner, nameof(run));
    }
}
