using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// The outbox in SQLite. Leasing is one UPDATE over the oldest pending message of each chat, so workers in several
/// threads or processes never hold the same message at once; marking a message checks the lease id in the same
/// statement, so a worker whose lease was taken over changes nothing. Enqueue, lease and the marks go through the
/// database's group commit: concurrent callers share one transaction.
/// </summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database) : IOutboxStore
{
    private const int Pending = StoredRows.OutboxPending;
    private const int Sent = StoredRows.OutboxSent;
    private const int DeadLettered = StoredRows.OutboxDeadLettered;

    private const string Columns = StoredRows.OutboxColumns;

    private static readonly string InsertSql =
        $"""
        INSERT INTO outbox (idempotency_key, user_id, chat_id, chat_type, notification_type, message, created_at, due_at, state, attempts, last_error, edit_of)
        VALUES ($key, $user, $chat, $type, $notification, $message, $created, $due, {Pending}, $attempts, $error, $editOf)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id;
        """;

    private static readonly string MarkSentSql =
        $"""
        UPDATE outbox SET state = {Sent}, completed_at = $at, telegram_message_id = $telegram, lease_id = NULL, leased_until = NULL
        WHERE id = $id AND lease_id = $lease AND state = {Pending};
        """;

    private static readonly string RescheduleSql =
        $"""
        UPDATE outbox SET due_at = $due, last_error = COALESCE($error, last_error), attempts = attempts + $increment, lease_id = NULL, leased_until = NULL
        WHERE id = $id AND lease_id = $lease AND state = {Pending};
        """;

    private static readonly string DeadLetterSql =
        $"""
        UPDATE outbox SET state = {DeadLettered}, last_error = $reason, completed_at = $at, lease_id = NULL, leased_until = NULL
        WHERE id = $id AND lease_id = $lease AND state = {Pending};
        """;

    private static readonly string LeaseSql =
        $"""
        UPDATE outbox SET lease_id = lower(hex(randomblob(16))), leased_until = $until
        WHERE id IN (
            SELECT o.id FROM outbox AS o
            WHERE o.state = {Pending} AND o.due_at <= $now AND (o.leased_until IS NULL OR o.leased_until <= $now)
              AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.chat_id = o.chat_id AND p.state = {Pending} AND p.id < o.id)
            ORDER BY o.due_at, o.id
            LIMIT $max)
        RETURNING {Columns}, lease_id;
        """;

    public ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        StoreArguments.Message(message);
        var json = StoredJson.Serialize(message.Message);
        return database.WriteAsync(session => EnqueueAsync(session, message, json), cancellationToken);
    }

    private static async ValueTask<OutboxEnqueueResult> EnqueueAsync(SqliteSession session, OutboxMessage message, string json)
    {
        var insert = session.Command(InsertSql)
            .With("$key", message.IdempotencyKey)
            .With("$user", message.UserId)
            .With("$chat", message.ChatId)
            .With("$type", StoredValues.ChatType(message.ChatType))
            .With("$notification", message.NotificationType)
            .With("$message", json)
            .With("$created", StoredValues.Ticks(message.CreatedAt))
            .With("$due", StoredValues.Ticks(message.DueAt))
            .With("$attempts", message.Attempts)
            .With("$error", message.LastError)
            .With("$editOf", message.EditOf);
        if (await insert.ExecuteScalarAsync().ConfigureAwait(false) is long id)
        {
            return new OutboxEnqueueResult(true, id);
        }

        var find = session.Command("SELECT id FROM outbox WHERE idempotency_key = $key;").With("$key", message.IdempotencyKey);
        return await find.ExecuteScalarAsync().ConfigureAwait(false) is long existing
            ? new OutboxEnqueueResult(false, existing)
            : throw new InvalidOperationException("The outbox message with this idempotency key was purged while it was being enqueued again; retry.");
    }

    public ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseDuration);
        var until = now + leaseDuration;
        return database.WriteAsync(session => LeaseAsync(session, max, StoredValues.Ticks(now), until), cancellationToken);
    }

    private static async ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(SqliteSession session, int max, long now, DateTimeOffset until)
    {
        var command = session.Command(LeaseSql)
            .With("$now", now)
            .With("$until", StoredValues.Ticks(until))
            .With("$max", max);
        var leases = new List<OutboxLease>();
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                leases.Add(new OutboxLease(StoredRows.ReadOutboxMessage(reader), reader.GetString(15), until));
            }
        }

        leases.Sort(static (a, b) => a.Message.DueAt != b.Message.DueAt ? a.Message.DueAt.CompareTo(b.Message.DueAt) : a.Message.Id.CompareTo(b.Message.Id));
        return leases;
    }

    public ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        return database.ChangesOneRowAsync(
            MarkSentSql, cancellationToken, ("$id", id), ("$lease", leaseId), ("$at", StoredValues.Ticks(sentAt)), ("$telegram", telegramMessageId));
    }

    public ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        return database.ChangesOneRowAsync(
            RescheduleSql, cancellationToken, ("$id", id), ("$lease", leaseId), ("$due", StoredValues.Ticks(dueAt)), ("$error", error), ("$increment", countAttempt ? 1 : 0));
    }

    public ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return database.ChangesOneRowAsync(
            DeadLetterSql, cancellationToken, ("$id", id), ("$lease", leaseId), ("$reason", reason), ("$at", StoredValues.Ticks(at)));
    }

    public async ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"UPDATE outbox SET chat_id = $to WHERE chat_id = $from AND state = {Pending};")
            .With("$from", fromChatId)
            .With("$to", toChatId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {Columns} FROM outbox WHERE id = $id;").With("$id", id);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {Columns} FROM outbox WHERE idempotency_key = $key;").With("$key", idempotencyKey);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalKey);
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {Columns} FROM outbox WHERE edit_of = $key ORDER BY id DESC LIMIT 1;").With("$key", originalKey);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            $"""
            SELECT (SELECT COUNT(*) FROM outbox WHERE state = {Pending}),
                   (SELECT COUNT(*) FROM outbox WHERE state = {Pending} AND due_at <= $now),
                   (SELECT COUNT(*) FROM outbox WHERE state = {DeadLettered}),
                   (SELECT MIN(due_at) FROM outbox WHERE state = {Pending} AND due_at <= $now);
            """)
            .With("$now", StoredValues.Ticks(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), StoredValues.NullableInstant(reader, 3));
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default)
    {
        await using var session = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"DELETE FROM outbox WHERE state IN ({Sent}, {DeadLettered}) AND completed_at < $before;")
            .With("$before", StoredValues.Ticks(completedBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<OutboxMessage?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.ReadOutboxMessage(reader) : null;
    }
}
