using System.Globalization;
using System.Runtime.CompilerServices;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// The argument checks of the store interfaces, so that every provider refuses the same bad input with the same
/// exception (<see cref="ArgumentNullException"/>, <see cref="ArgumentException"/> or
/// <see cref="ArgumentOutOfRangeException"/>) before it touches its database.
/// </summary>
public static class StoreArguments
{
    /// <summary>A user id: not null, empty or white space.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="name">The parameter's name (filled in by the compiler).</param>
    public static void UserId(string userId, [CallerArgumentExpression(nameof(userId))] string? name = null) =>
        ArgumentException.ThrowIfNullOrWhiteSpace(userId, name);

    /// <summary>A list of user ids (<see cref="IChatLinkStore.GetManyAsync"/>): not null, and no id null, empty or white space; the error names the first bad one by its index (<c>userIds[3]</c>).</summary>
    /// <param name="userIds">The user ids.</param>
    public static void UserIds(IReadOnlyList<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        for (var i = 0; i < userIds.Count; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(userIds[i], string.Create(CultureInfo.InvariantCulture, $"userIds[{i}]"));
        }
    }

    /// <summary>A link to save (<see cref="IChatLinkStore.LinkAsync"/>, <see cref="IChatLinkStore.UpdateAsync"/>): a user id and a set of muted types.</summary>
    /// <param name="link">The link.</param>
    public static void Link(ChatLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrWhiteSpace(link.UserId, nameof(link));
        ArgumentNullException.ThrowIfNull(link.MutedTypes, nameof(link));
    }

    /// <summary>A page size (<see cref="IChatLinkStore.ListEnabledAsync"/>): at least 1.</summary>
    /// <param name="limit">The page size.</param>
    public static void Limit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    /// <summary>
    /// A new token (<see cref="ILinkTokenStore.AddAsync"/>): a hash, a known kind with its owner (the user of a deep link,
    /// the chat of a chat code), and the active state.
    /// </summary>
    /// <param name="token">The token.</param>
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

    /// <summary>The longest <see cref="OutboxMessage.TraceParent"/> a store must keep (a version-00 traceparent has 55).</summary>
    public const int MaxTraceParentLength = 256;

    /// <summary>The longest <see cref="OutboxMessage.TraceState"/> a store must keep (W3C: 32 entries of at most 256 characters, propagated up to 512).</summary>
    public const int MaxTraceStateLength = 512;

    /// <summary>The longest <see cref="NotificationNote.Key"/> a store must keep.</summary>
    public const int MaxNoteKeyLength = 1024;

    /// <summary>
    /// A note to add (<see cref="INotificationNoteStore.AddAsync"/>): a key of 1 to <see cref="MaxNoteKeyLength"/>
    /// characters, a user, a notification type, a known kind, and a digest window exactly when digested.
    /// </summary>
    /// <param name="note">The note.</param>
    public static void NotificationNote(NotificationNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentException.ThrowIfNullOrEmpty(note.Key, nameof(note));
        ArgumentException.ThrowIfNullOrWhiteSpace(note.UserId, nameof(note));
        ArgumentException.ThrowIfNullOrEmpty(note.NotificationType, nameof(note));
        if (note.Key.Length > MaxNoteKeyLength)
        {
            throw new ArgumentException($"The note's Key must have at most {MaxNoteKeyLength} characters.", nameof(note));
        }

        if (!Enum.IsDefined(note.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(note), note.Kind, "The note's Kind must be Muted or Digested.");
        }

        if ((note.Kind == NotificationNoteKind.Digested) != (note.DigestWindowId is not null))
        {
            throw new ArgumentException("A digested note names its DigestWindowId, and only a digested one.", nameof(note));
        }
    }

    /// <summary>The longest <see cref="OutboxMessage.Platform"/> a store must keep.</summary>
    public const int MaxPlatformLength = 64;

    /// <summary>A message to enqueue (<see cref="IOutboxStore.EnqueueAsync"/>): an idempotency key, a user, a notification type and content.</summary>
    /// <param name="message">The message.</param>
    public static void Message(OutboxMessage message) => Message(message, nameof(message));

    /// <summary>
    /// A list of messages to enqueue (<see cref="IOutboxStore.EnqueueManyAsync"/>): not null, and each message valid as for
    /// <see cref="Message(OutboxMessage)"/>; the error names the first bad one by its index (<c>messages[3]</c>).
    /// </summary>
    /// <param name="messages">The messages.</param>
    public static void Messages(IReadOnlyList<OutboxMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (var i = 0; i < messages.Count; i++)
        {
            Message(messages[i], string.Create(CultureInfo.InvariantCulture, $"messages[{i}]"));
        }
    }

    /// <summary>
    /// A list of sent marks (<see cref="IOutboxStore.MarkSentManyAsync"/>): not null, and each with a lease id; the error
    /// names the first bad one by its index (<c>marks[3]</c>).
    /// </summary>
    /// <param name="marks">The marks.</param>
    public static void SentMarks(IReadOnlyList<OutboxSentMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        for (var i = 0; i < marks.Count; i++)
        {
            if (string.IsNullOrEmpty(marks[i].LeaseId))
            {
                throw new ArgumentException("A sent mark needs the lease id its send was made under.", string.Create(CultureInfo.InvariantCulture, $"marks[{i}]"));
            }
        }
    }

    private static void Message(OutboxMessage message, string name)
    {
        ArgumentNullException.ThrowIfNull(message, name);
        ArgumentException.ThrowIfNullOrEmpty(message.IdempotencyKey, name);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.UserId, name);
        ArgumentException.ThrowIfNullOrEmpty(message.NotificationType, name);
        ArgumentNullException.ThrowIfNull(message.Message, name);
        if (!Enum.IsDefined(message.Lane))
        {
            throw new ArgumentOutOfRangeException(name, message.Lane, "The message's Lane must be Urgent, Normal or Bulk.");
        }

        if (message.TraceParent is { Length: > MaxTraceParentLength })
        {
            throw new ArgumentException($"The message's TraceParent must be a W3C traceparent of at most {MaxTraceParentLength} characters.", name);
        }

        if (message.Platform is { Length: 0 or > MaxPlatformLength })
        {
            throw new ArgumentException($"The message's Platform must be null or 1 to {MaxPlatformLength} characters.", nameof(message));
        }

        if (message.TraceState is { Length: > MaxTraceStateLength })
        {
            throw new ArgumentException($"The message's TraceState must be a W3C tracestate of at most {MaxTraceStateLength} characters.", name);
        }
    }

    /// <summary>A lease id (the marks of <see cref="IOutboxStore"/>): not null or empty.</summary>
    /// <param name="leaseId">The lease id.</param>
    public static void Lease(string leaseId) => ArgumentException.ThrowIfNullOrEmpty(leaseId);

    /// <summary>A lease request (<see cref="IOutboxStore.LeaseAsync"/>): at least one message, for a positive duration.</summary>
    /// <param name="max">The most messages to lease.</param>
    /// <param name="leaseDuration">How long the lease lasts.</param>
    public static void LeaseRequest(int max, TimeSpan leaseDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
    }

    /// <summary>A job occurrence claim (<see cref="IJobLeaseStore.TryAcquireAsync"/>): a job id and an owner.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="owner">The claiming instance.</param>
    public static void Job(string jobId, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
    }

    /// <summary>A run to record (<see cref="IJobLeaseStore.CompleteAsync"/>): a job id and an owner.</summary>
    /// <param name="run">The run.</param>
    public static void Run(JobRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.JobId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Owner, nameof(run));
    }

    /// <summary>The longest scope or key of <see cref="IRateLimitStore"/>: 200 characters (a hash of a user id, with room to spare).</summary>
    public const int MaxRateLimitKeyLength = 200;

    /// <summary>
    /// A permit request (<see cref="IRateLimitStore.TryTakeAsync"/>): a scope and a key of 1 to
    /// <see cref="MaxRateLimitKeyLength"/> characters, a limit of at least 1 and a positive window.
    /// </summary>
    /// <param name="scope">What is limited.</param>
    /// <param name="key">Whose requests are counted.</param>
    /// <param name="limit">The most permits in one window.</param>
    /// <param name="window">The window.</param>
    public static void RateLimit(string scope, string key, int limit, TimeSpan window)
    {
        RateLimitKey(scope, key);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
    }

    /// <summary>A permit to give back (<see cref="IRateLimitStore.ReturnAsync"/>): its scope and key as when taken.</summary>
    /// <param name="permit">The permit.</param>
    public static void Permit(RateLimitPermit permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        RateLimitKey(permit.Scope, permit.Key);
    }

    /// <summary>The longest button action key (<see cref="IProcessedUpdateStore.TryMarkButtonActionAsync"/>), in characters.</summary>
    public const int MaxActionKeyLength = 256;

    /// <summary>
    /// An update to keep (<see cref="IProcessedUpdateStore.AddUnreadableAsync"/>): a source, a reason and a body within
    /// their limits (<see cref="Storage.UnreadableUpdate.MaxSourceLength"/>, <see cref="Storage.UnreadableUpdate.MaxReasonLength"/>,
    /// <see cref="Storage.UnreadableUpdate.MaxBodyLength"/>).
    /// </summary>
    /// <param name="update">The update.</param>
    public static void UnreadableUpdate(UnreadableUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrWhiteSpace(update.Source, nameof(update));
        ArgumentException.ThrowIfNullOrWhiteSpace(update.Reason, nameof(update));
        ArgumentNullException.ThrowIfNull(update.Body, nameof(update));
        if (update.Source.Length > Storage.UnreadableUpdate.MaxSourceLength || update.Reason.Length > Storage.UnreadableUpdate.MaxReasonLength
            || update.Body.Length > Storage.UnreadableUpdate.MaxBodyLength)
        {
            throw new ArgumentException(
                $"An unreadable update keeps at most {Storage.UnreadableUpdate.MaxSourceLength} characters of source, {Storage.UnreadableUpdate.MaxReasonLength} of reason and {Storage.UnreadableUpdate.MaxBodyLength} of body.",
                nameof(update));
        }
    }

    /// <summary>A button action key (<see cref="IProcessedUpdateStore.TryMarkButtonActionAsync"/>): 1 to <see cref="MaxActionKeyLength"/> characters.</summary>
    /// <param name="actionKey">The key.</param>
    public static void ActionKey(string actionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(actionKey);
        if (actionKey.Length > MaxActionKeyLength)
        {
            throw new ArgumentException($"A button action key has at most {MaxActionKeyLength} characters.", nameof(actionKey));
        }
    }

    private static void RateLimitKey(string scope, string key, [CallerArgumentExpression(nameof(scope))] string? scopeName = null, [CallerArgumentExpression(nameof(key))] string? keyName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope, scopeName);
        ArgumentException.ThrowIfNullOrEmpty(key, keyName);
        if (scope.Length > MaxRateLimitKeyLength || key.Length > MaxRateLimitKeyLength)
        {
            throw new ArgumentException($"A rate-limit scope or key has at most {MaxRateLimitKeyLength} characters; hash longer keys.", scope.Length > MaxRateLimitKeyLength ? scopeName : keyName);
        }
    }

    /// <summary>An event to keep in a digest (<see cref="IDigestStore.AddAsync"/>): a key, a user and a type; a new window must close after now.</summary>
    /// <param name="item">The event.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="closesAt">When a new window closes.</param>
    public static void DigestItem(DigestItem item, DateTimeOffset now, DateTimeOffset closesAt)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrEmpty(item.Key, nameof(item));
        ArgumentException.ThrowIfNullOrWhiteSpace(item.UserId, nameof(item));
        ArgumentException.ThrowIfNullOrEmpty(item.NotificationType, nameof(item));
        if (closesAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(closesAt), closesAt, "A digest window must close after now.");
        }
    }

    /// <summary>A window to close (<see cref="IDigestStore.CloseAsync"/>): a count of at least 1 and, when given, a message of the window's user.</summary>
    /// <param name="itemCount">The number of events rendered.</param>
    /// <param name="digest">The digest message, or null.</param>
    public static void DigestClose(int itemCount, OutboxMessage? digest)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemCount);
        if (digest is not null)
        {
            Message(digest);
        }
    }

    /// <summary>An outbox query (<see cref="IOutboxStore.QueryAsync"/>): a filter and a page size of at least 1.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="limit">The page size.</param>
    public static void OutboxQuery(OutboxFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    /// <summary>A pause to store (<see cref="IOutboxStore.SetPauseAsync"/>): null, or one that names who paused.</summary>
    /// <param name="pause">The pause.</param>
    public static void Pause(DeliveryPause? pause)
    {
        if (pause is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pause.PausedBy, nameof(pause));
        }
    }

    /// <summary>An event to queue (<see cref="IEventDeliveryStore.EnqueueAsync"/>): an id of 1 to 100 characters, a type and a body.</summary>
    /// <param name="delivery">The event.</param>
    public static void EventDelivery(EventDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        EventId(delivery.EventId);
        ArgumentException.ThrowIfNullOrWhiteSpace(delivery.EventType, nameof(delivery));
        ArgumentException.ThrowIfNullOrEmpty(delivery.Body, nameof(delivery));
        ArgumentOutOfRangeException.ThrowIfNegative(delivery.Attempts, nameof(delivery));
    }

    /// <summary>An event id: 1 to 100 characters.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="name">The parameter's name (filled in by the compiler).</param>
    public static void EventId(string eventId, [CallerArgumentExpression(nameof(eventId))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId, name);
        if (eventId.Length > 100)
        {
            throw new ArgumentException("An event id has at most 100 characters.", name);
        }
    }
}
