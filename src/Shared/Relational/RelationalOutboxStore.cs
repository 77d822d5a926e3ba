using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// The outbox in a relational database. Leasing is one statement over the oldest pending message of each chat, so
/// workers in several threads, processes or instances never hold the same message at once, and a chat's messages go out
/// in order; marking a message checks the lease id in the same statement, so a worker whose lease was taken over changes
/// nothing. Enqueueing holds a lock on the chat for its transaction, so a chat's messages commit in id order and a worker
/// never sees a later message of a chat before an earlier one.
/// </summary>
internal abstract class RelationalOutboxStore(RelationalDatabase database) : IOutboxStore
{
    private readonly RelationalStatements _sql = database.Statements;

    /// <summary>Binds a new outbox row's parameters (the statements' <c>NewMessageValues</c>): the chat id encrypted and hashed.</summary>
    internal static RelationalCommand BindMessage(RelationalCommand command, OutboxMessage message, ChatIdKeys keys) => command
        .Text("key", message.IdempotencyKey)
        .Text("user", message.UserId)
        .Text("chat", keys.Protect(message.ChatId))
        .Text("chatHash", keys.Hash(message.ChatId))
        .Integer("type", StoredValues.ChatType(message.ChatType))
        .Text("notification", message.NotificationType)
        .Text("message", StoredJson.Serialize(message.Message))
        .Instant("created", message.CreatedAt)
        .Instant("due", message.DueAt)
        .Integer("attempts", message.Attempts)
        .Text("error", message.LastError)
        .Text("editOf", message.EditOf)
        .Integer("lane", (int)message.Lane)
        .Text("traceParent", message.TraceParent)
        .Text("traceState", message.TraceState)
        .Text("platform", message.Platform);

    public async ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        StoreArguments.Message(message);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var insert = BindMessage(new RelationalCommand(_sql.InsertMessage), message, keys);
        RelationalCommand[] commands = _sql.NotifyEnqueued is { } notify ? [insert, new RelationalCommand(notify)] : [insert];
        var inserted = await database.WriteAsync(RowLock.OnChat("outbox-chat", message.ChatId), commands, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        if (inserted.Count == 1)
        {
            return new OutboxEnqueueResult(true, inserted[0]);
        }

        // the key exists: a new statement sees the row committed by the caller that won
        var existing = await database.ReadAsync(new RelationalCommand(_sql.MessageIdByKey).Text("key", message.IdempotencyKey), static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return existing.Count == 1
            ? new OutboxEnqueueResult(false, existing[0])
            : throw new InvalidOperationException("The outbox message with this idempotency key was purged while it was being enqueued again; retry.");
    }

    /// <summary>The most messages written in one transaction (and, on PostgreSQL, one round trip) of <see cref="EnqueueManyAsync"/>.</summary>
    internal const int EnqueueChunk = 500;

    /// <summary>
    /// Each chunk of the list is one transaction: the chunk's chats locked (in one order, so two lists never wait for
    /// each other in a cycle), then one prepared insert per message, all sent together; a key the chunk did not insert
    /// was taken earlier in the list or is in the store, and is answered with that message's id.
    /// </summary>
    public async ValueTask<IReadOnlyList<OutboxEnqueueResult>> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        StoreArguments.Messages(messages);
        var results = new OutboxEnqueueResult[messages.Count];
        if (messages.Count == 0)
        {
            return results;
        }

        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var start = 0; start < messages.Count; start += EnqueueChunk)
        {
            var count = Math.Min(EnqueueChunk, messages.Count - start);
            var commands = new List<RelationalCommand>(count + 1);
            var locks = new List<RowLock>(count);
            for (var i = start; i < start + count; i++)
            {
                var message = messages[i];
                locks.Add(RowLock.OnChat("outbox-chat", message.ChatId));
                commands.Add(BindMessage(new RelationalCommand(_sql.InsertMessageKeyed), message, keys));
            }

            if (_sql.NotifyEnqueued is { } notify)
            {
                commands.Add(new RelationalCommand(notify));
            }

            var inserted = await database.WriteLockedAsync(locks, [.. commands], static r => (Id: r.GetInt64(0), Key: r.GetString(1)), cancellationToken).ConfigureAwait(false);
            var fresh = new Dictionary<string, long>(inserted.Count, StringComparer.Ordinal);
            foreach (var (id, key) in inserted)
            {
                fresh[key] = id;
            }

            for (var i = start; i < start + count; i++)
            {
                var key = messages[i].IdempotencyKey;
                if (fresh.Remove(key, out var id))
                {
                    // the first message of the list with this key is the one inserted
                    ids[key] = id;
                    results[i] = new OutboxEnqueueResult(true, id);
                }
                else if (ids.TryGetValue(key, out var earlier))
                {
                    results[i] = new OutboxEnqueueResult(false, earlier);
                }
                else
                {
                    // the key was in the store already: a new statement sees the row committed by the caller that won
                    var existing = await database.ReadAsync(new RelationalCommand(_sql.MessageIdByKey).Text("key", key), static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
                    ids[key] = existing.Count == 1
                        ? existing[0]
                        : throw new InvalidOperationException("An outbox message with an idempotency key of this list was purged while the list was being enqueued; enqueue the list again.");
                    results[i] = new OutboxEnqueueResult(false, ids[key]);
                }
            }
        }

        return results;
    }

    public async ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseDuration);
        var until = now + leaseDuration;
        var lease = new RelationalCommand(_sql.LeaseMessages).Instant("now", now).Instant("until", until).Integer("max", max);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var leased = await database.WriteAsync(
            lease,
            r =>
            {
                var (message, pending) = StoredRows.ReadOutboxMessage(r, keys);
                return new ChatIdRow<OutboxLease>(new OutboxLease(message, r.GetString(StoredRows.OutboxColumnCount), until), pending);
            },
            cancellationToken).ConfigureAwait(false);
        var leases = await database.RevealAsync(leased, static (l, chatId) => l with { Message = l.Message with { ChatId = chatId } }, cancellationToken).ConfigureAwait(false);
        leases.Sort(static (a, b) => a.Message.Lane != b.Message.Lane ? a.Message.Lane.CompareTo(b.Message.Lane)
            : a.Message.DueAt != b.Message.DueAt ? a.Message.DueAt.CompareTo(b.Message.DueAt) : a.Message.Id.CompareTo(b.Message.Id));
        return leases;
    }

    public async ValueTask<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(new RelationalCommand(_sql.NextDue).Instant("now", now), static r => StoredValues.NullableInstant(r, 0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.ReleaseLeases), cancellationToken);

    public ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        return ChangesOneAsync(new RelationalCommand(_sql.MarkSent).Bigint("id", id).Text("lease", leaseId).Instant("at", sentAt).Bigint("telegram", telegramMessageId), cancellationToken);
    }

    /// <summary>The marks in one transaction and (on PostgreSQL) one round trip: one prepared update per mark, sent together.</summary>
    public async ValueTask<IReadOnlyList<bool>> MarkSentManyAsync(IReadOnlyList<OutboxSentMark> marks, CancellationToken cancellationToken = default)
    {
        StoreArguments.SentMarks(marks);
        var results = new bool[marks.Count];
        if (marks.Count == 0)
        {
            return results;
        }

        var commands = new RelationalCommand[marks.Count];
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            commands[i] = new RelationalCommand(_sql.MarkSentReturning).Bigint("id", mark.Id).Text("lease", mark.LeaseId).Instant("at", mark.SentAt).Bigint("telegram", mark.TelegramMessageId);
        }

        var applied = (await database.WriteAsync(null, commands, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false)).ToHashSet();
        for (var i = 0; i < marks.Count; i++)
        {
            // a message marked twice in one list: only the first mark can hold its lease
            results[i] = applied.Remove(marks[i].Id);
        }

        return results;
    }

    public ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        var reschedule = new RelationalCommand(_sql.Reschedule)
            .Bigint("id", id)
            .Text("lease", leaseId)
            .Instant("due", dueAt)
            .Text("error", error)
            .Integer("increment", countAttempt ? 1 : 0);
        return ChangesOneAsync(reschedule, cancellationToken);
    }

    public ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return ChangesOneAsync(new RelationalCommand(_sql.DeadLetter).Bigint("id", id).Text("lease", leaseId).Text("reason", reason).Instant("at", at), cancellationToken);
    }

    public async ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var redirect = new RelationalCommand(_sql.RedirectChat).Text("fromHash", keys.Hash(fromChatId)).Text("to", keys.Protect(toChatId)).Text("toHash", keys.Hash(toChatId));
        return await database.WriteAsync(redirect, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        ReadOneAsync(new RelationalCommand(_sql.MessageById).Bigint("id", id), cancellationToken);

    public ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return ReadOneAsync(new RelationalCommand(_sql.MessageByKey).Text("key", idempotencyKey), cancellationToken);
    }

    public ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalKey);
        return ReadOneAsync(new RelationalCommand(_sql.LatestEdit).Text("key", originalKey), cancellationToken);
    }

    public async ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var stats = await database.ReadAsync(
            new RelationalCommand(_sql.OutboxStats).Instant("now", now),
            static r => new OutboxStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), StoredValues.NullableInstant(r, 3)),
            cancellationToken).ConfigureAwait(false);
        return stats[0];
    }

    public ValueTask<int> BringForwardRetriesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.BringForwardRetries).Instant("now", now), cancellationToken);

    public async ValueTask SaveSendPauseAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(new RelationalCommand(_sql.SaveSendPause).Instant("until", until), cancellationToken).ConfigureAwait(false);

    public async ValueTask<DateTimeOffset?> GetSendPauseAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(new RelationalCommand(_sql.ReadSendPause), static r => StoredValues.Instant(r, 0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgeMessages).Instant("before", completedBefore), cancellationToken);

    public async ValueTask<IReadOnlyList<OutboxMessage>> QueryAsync(OutboxFilter filter, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.OutboxQuery(filter, limit);
        var query = Filtered(new RelationalCommand(filter.UserId is null ? _sql.QueryMessages : _sql.QueryUserMessages), filter)
            .Bigint("beforeId", beforeId)
            .Integer("limit", limit);
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var rows = await database.ReadAsync(query, r => StoredRows.ReadOutboxMessage(r, keys), cancellationToken).ConfigureAwait(false);
        return await database.RevealAsync(rows, static (message, chatId) => message with { ChatId = chatId }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<OutboxCount>> CountAsync(CancellationToken cancellationToken = default) =>
        await database.ReadAsync(
            new RelationalCommand(_sql.CountMessages),
            static r => new OutboxCount(StoredRows.OutboxStateOf(r.GetInt32(0)), (DeliveryLane)r.GetInt32(1), r.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);

    public ValueTask<int> ResendAsync(OutboxFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var resend = Filtered(new RelationalCommand(_sql.ResendMessages), filter).Instant("now", now);
        // the wake-up goes first: the count is the last statement's, and a notification is delivered at commit anyway
        RelationalCommand[] commands = _sql.NotifyEnqueued is { } notify ? [new RelationalCommand(notify), resend] : [resend];
        return database.WriteAsync(null, commands, cancellationToken);
    }

    public ValueTask<int> DiscardAsync(OutboxFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return database.WriteAsync(Filtered(new RelationalCommand(_sql.DiscardMessages), filter), cancellationToken);
    }

    public async ValueTask<DeliveryPause?> GetPauseAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(
            new RelationalCommand(_sql.ReadPause),
            static r => new DeliveryPause(r.GetString(0), StoredValues.Instant(r, 1), StoredValues.NullableString(r, 2)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async ValueTask SetPauseAsync(DeliveryPause? pause, CancellationToken cancellationToken = default)
    {
        StoreArguments.Pause(pause);
        RelationalCommand[] commands = pause is null
            ? [new RelationalCommand(_sql.ClearPause)]
            : [new RelationalCommand(_sql.ClearPause), new RelationalCommand(_sql.WritePause).Text("by", pause.PausedBy).Instant("at", pause.PausedAt).Text("reason", pause.Reason)];
        await database.WriteAsync(null, commands, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the criteria of <paramref name="filter"/> (see <see cref="RelationalStatements"/>' filter clause).</summary>
    private static RelationalCommand Filtered(RelationalCommand command, OutboxFilter filter) => command
        .Text("user", filter.UserId)
        .Bigint("id", filter.Id)
        .Integer("state", filter.State is { } state ? StoredRows.OutboxStateCode(state) : null)
        .Text("notification", filter.NotificationType)
        .Text("reason", filter.Reason)
        .Bigint("from", filter.CreatedFrom is { } from ? StoredValues.Ticks(from) : null)
        .Bigint("to", filter.CreatedBefore is { } to ? StoredValues.Ticks(to) : null)
        .Integer("noEdits", filter.ExcludeEdits ? 1 : 0);

    private async ValueTask<bool> ChangesOneAsync(RelationalCommand command, CancellationToken cancellationToken) =>
        await database.WriteAsync(command, cancellationToken).ConfigureAwait(false) == 1;

    private async ValueTask<OutboxMessage?> ReadOneAsync(RelationalCommand command, CancellationToken cancellationToken)
    {
        var keys = await database.KeysAsync(cancellationToken).ConfigureAwait(false);
        var rows = await database.ReadAsync(command, r => StoredRows.ReadOutboxMessage(r, keys), cancellationToken).ConfigureAwait(false);
        var messages = await database.RevealAsync(rows, static (message, chatId) => message with { ChatId = chatId }, cancellationToken).ConfigureAwait(false);
        return messages.Count == 0 ? null : messages[0];
    }
}
