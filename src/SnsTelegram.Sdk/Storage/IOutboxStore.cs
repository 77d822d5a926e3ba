namespace SnsTelegram.Sdk.Storage;

/// <summary>The durable outbox between the notifier and the dispatcher.</summary>
public interface IOutboxStore
{
    /// <summary>Adds a pending message unless one with the same idempotency key exists.</summary>
    ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds many pending messages at once, as <see cref="EnqueueAsync"/> would one after the other in list order: each
    /// message whose idempotency key is not in the store yet is added, ids increase in list order (so each chat's messages
    /// keep the list's order), and a key already in the store, or met earlier in the same list, adds nothing and answers
    /// the id of the message that holds it. Returns one result per message, in list order; an empty list answers an
    /// empty list without touching the store.
    /// </summary>
    /// <remarks>
    /// The default calls <see cref="EnqueueAsync"/> once per message. A provider overrides it to write a whole list (or
    /// large chunks of it) in one transaction and one round trip, as the built-in ones do; a list is not atomic across
    /// chunks, so a caller whose call failed enqueues the same list again and the keys already stored are answered as
    /// duplicates.
    /// </remarks>
    /// <exception cref="ArgumentException">The list or one of its messages is null or invalid (see <see cref="StoreArguments.Messages"/>); nothing was enqueued.</exception>
    async ValueTask<IReadOnlyList<OutboxEnqueueResult>> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        StoreArguments.Messages(messages);
        var results = new OutboxEnqueueResult[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            results[i] = await EnqueueAsync(messages[i], cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Leases up to <paramref name="max"/> due messages for <paramref name="leaseDuration"/>. Only the oldest
    /// pending message of each chat is eligible (so one chat's messages go out in order), and only when it is
    /// not leased or its lease has expired. Eligible messages are taken by lane (<see cref="DeliveryLane.Urgent"/>
    /// first), then due time, then id, and returned in that order.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>
    /// The earliest time at or after which <see cref="LeaseAsync"/> may find a message it would not find at
    /// <paramref name="now"/>: the smallest due time among the pending messages that hold no lease unexpired at
    /// <paramref name="now"/>, or null when there is none. An idle dispatcher sleeps until then (or until it is woken)
    /// instead of asking <see cref="LeaseAsync"/> every poll interval. An earlier answer than the truth only costs a
    /// lease query that finds nothing; a later one would delay a message, so a store that cannot tell answers
    /// <paramref name="now"/> (the default), and the dispatcher then keeps polling.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The earliest due time, <paramref name="now"/> or earlier when a message is due already, or null when no message is pending.</returns>
    ValueTask<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DateTimeOffset?>(now);

    /// <summary>
    /// Ends every lease on a pending message, so each can be leased again at once; returns how many. The dispatcher
    /// that starts sending for the store (<see cref="IDispatchCoordinator"/>) calls it: whoever held those leases is gone
    /// or has stopped, and marking a message with a released lease changes nothing.
    /// </summary>
    ValueTask<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a leased message sent; false when the lease is no longer held.</summary>
    ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks many leased messages sent, each as <see cref="MarkSentAsync"/> would: a mark applies only while its lease is
    /// held. Returns, per mark and in list order, whether it applied. The dispatcher writes the outcomes of sends that
    /// finish close together through it.
    /// </summary>
    /// <remarks>
    /// The default calls <see cref="MarkSentAsync"/> once per mark. A provider overrides it to write the marks in one
    /// transaction and one round trip, as the built-in ones do. When the call throws, no mark may be assumed written:
    /// the caller writes each again, which is harmless (a mark whose lease is gone changes nothing).
    /// </remarks>
    /// <exception cref="ArgumentException">The list is null or a mark has no lease id; nothing was written.</exception>
    async ValueTask<IReadOnlyList<bool>> MarkSentManyAsync(IReadOnlyList<OutboxSentMark> marks, CancellationToken cancellationToken = default)
    {
        StoreArguments.SentMarks(marks);
        var results = new bool[marks.Count];
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            results[i] = await MarkSentAsync(mark.Id, mark.LeaseId, mark.SentAt, mark.TelegramMessageId, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Releases a leased message to be tried again at <paramref name="dueAt"/>, recording <paramref name="error"/>;
    /// <paramref name="countAttempt"/> adds one to the attempts (false for waits that are not failures, such as a 429 or a shutdown).
    /// A counted attempt is a failed send: the store remembers that the message waits for a retry because of a failure,
    /// until its next reschedule, so <see cref="BringForwardRetriesAsync"/> can find it.
    /// False when the lease is no longer held.
    /// </summary>
    ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default);

    /// <summary>Gives up on a leased message; false when the lease is no longer held.</summary>
    ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Moves pending messages from one chat id to another (a group became a supergroup); returns how many.</summary>
    ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default);

    /// <summary>The message with this id, or null.</summary>
    ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The message with this idempotency key, or null.</summary>
    ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest message enqueued to edit the message with key <paramref name="originalKey"/> (the highest id whose
    /// <see cref="OutboxMessage.EditOf"/> is that key), or null when there is none (or it was purged).
    /// </summary>
    ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default);

    /// <summary>Counts for metrics and health checks.</summary>
    ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Telegram is reachable again after an outage: every pending message that is not leased and waits for a retry
    /// because its last send failed (its last <see cref="RescheduleAsync"/> counted an attempt) and is due after
    /// <paramref name="now"/> becomes due at <paramref name="now"/>; returns how many. Messages waiting for another reason
    /// (a 429 pause, an edit waiting for its original, a later due time given at enqueue) are not touched, and each
    /// message keeps its place in its chat's order.
    /// </summary>
    ValueTask<int> BringForwardRetriesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that Telegram asked the bot to pause every send until <paramref name="until"/> (a 429's <c>retry_after</c>),
    /// so that an instance that takes over sending waits out the rest of it. One pause per store (one bot); a pause that
    /// ends earlier than the one recorded changes nothing.
    /// </summary>
    ValueTask SaveSendPauseAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The end of the latest pause recorded by <see cref="SaveSendPauseAsync"/>, or null when none was.</summary>
    ValueTask<DateTimeOffset?> GetSendPauseAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes sent and dead-lettered messages completed before <paramref name="completedBefore"/>; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> messages that match <paramref name="filter"/>, newest first (highest id first), with
    /// ids below <paramref name="beforeId"/> when it is given (the next page starts below the last id of this one).
    /// </summary>
    ValueTask<IReadOnlyList<OutboxMessage>> QueryAsync(OutboxFilter filter, long? beforeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many messages are in each state and lane; a state and lane with no message is left out.</summary>
    ValueTask<IReadOnlyList<OutboxCount>> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends dead-lettered messages that match <paramref name="filter"/> again: each becomes pending, due at
    /// <paramref name="now"/>, with no attempts, error, completion or lease. Messages in other states are left alone.
    /// Returns how many were put back.
    /// </summary>
    ValueTask<int> ResendAsync(OutboxFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes dead-lettered messages that match <paramref name="filter"/> (other states are left alone); returns how many.</summary>
    ValueTask<int> DiscardAsync(OutboxFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The operator's pause of delivery, or null when delivery runs.</summary>
    ValueTask<DeliveryPause?> GetPauseAsync(CancellationToken cancellationToken = default);

    /// <summary>Pauses delivery for every instance sharing the store, or resumes it when <paramref name="pause"/> is null.</summary>
    ValueTask SetPauseAsync(DeliveryPause? pause, CancellationToken cancellationToken = default);
}
