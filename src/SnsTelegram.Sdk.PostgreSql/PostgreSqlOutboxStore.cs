using Npgsql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// The outbox in PostgreSQL, shared by several app instances. Leasing is one statement that takes the oldest due
/// pending message of each chat not currently leased, <c>FOR UPDATE SKIP LOCKED</c>, so concurrent workers never hold
/// the same message and never wait for each other; a chat's next message is not eligible while an earlier one is
/// pending, so each chat's messages go out in order. Marking a message checks the lease id in the same statement, so a
/// worker whose lease was taken over changes nothing. Enqueueing takes an advisory lock on the chat for its
/// transaction, so a chat's messages commit in id order and a worker never sees a later message of a chat before an
/// earlier one.
/// </summary>
internal sealed class PostgreSqlOutboxStore : IOutboxStore
{
    private const int Pending = StoredRows.OutboxPending;
    private const int Sent = StoredRows.OutboxSent;
    private const int DeadLettered = StoredRows.OutboxDeadLettered;

    private const string Columns = StoredRows.OutboxColumns;

    private readonly PostgreSqlDatabase _database;
    private readonly int _lockClass;
    private readonly string _insertSql;
    private readonly string _latestEditSql;
    private readonly string _findIdSql;
    private readonly string _leaseSql;
    private readonly string _markSentSql;
    private readonly string _rescheduleSql;
    private readonly string _deadLetterSql;
    private readonly string _redirectSql;
    private readonly string _getSql;
    private readonly string _findSql;
    private readonly string _statsSql;
    private readonly string _purgeSql;

    public PostgreSqlOutboxStore(PostgreSqlDatabase database)
    {
        _database = database;
        _lockClass = database.LockClass("outbox-chat");
        _insertSql = database.Sql(
            $$"""
            INSERT INTO {schema}.outbox (idempotency_key, user_id, chat_id, chat_type, notification_type, message, created_at, due_at, state, attempts, last_error, edit_of)
            VALUES (@key, @user, @chat, @type, @notification, @message, @created, @due, {{Pending}}, @attempts, @error, @editOf)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id;
            """);
        _findIdSql = database.Sql("SELECT id FROM {schema}.outbox WHERE idempotency_key = @key;");
        _leaseSql = database.Sql(
            $$"""
            WITH candidates AS (
                SELECT o.id FROM {schema}.outbox AS o
                WHERE o.state = {{Pending}} AND o.due_at <= @now AND (o.leased_until IS NULL OR o.leased_until <= @now)
                  AND NOT EXISTS (SELECT 1 FROM {schema}.outbox AS p WHERE p.chat_id = o.chat_id AND p.state = {{Pending}} AND p.id < o.id)
                ORDER BY o.due_at, o.id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE {schema}.outbox AS u SET lease_id = replace(gen_random_uuid()::text, '-', ''), leased_until = @until
            FROM candidates
            WHERE u.id = candidates.id
            RETURNING u.id, u.idempotency_key, u.user_id, u.chat_id, u.chat_type, u.notification_type, u.message, u.created_at, u.due_at,
                u.state, u.attempts, u.last_error, u.completed_at, u.telegram_message_id, u.edit_of, u.lease_id;
            """);
        _markSentSql = database.Sql(
            $$"""
            UPDATE {schema}.outbox SET state = {{Sent}}, completed_at = @at, telegram_message_id = @telegram, lease_id = NULL, leased_until = NULL
            WHERE id = @id AND lease_id = @lease AND state = {{Pending}};
            """);
        _rescheduleSql = database.Sql(
            $$"""
            UPDATE {schema}.outbox SET due_at = @due, last_error = COALESCE(@error, last_error), attempts = attempts + @increment, lease_id = NULL, leased_until = NULL
            WHERE id = @id AND lease_id = @lease AND state = {{Pending}};
            """);
        _deadLetterSql = database.Sql(
            $$"""
            UPDATE {schema}.outbox SET state = {{DeadLettered}}, last_error = @reason, completed_at = @at, lease_id = NULL, leased_until = NULL
            WHERE id = @id AND lease_id = @lease AND state = {{Pending}};
            """);
        _redirectSql = database.Sql($"UPDATE {{schema}}.outbox SET chat_id = @to WHERE chat_id = @from AND state = {Pending};");
        _getSql = database.Sql($"SELECT {Columns} FROM {{schema}}.outbox WHERE id = @id;");
        _findSql = database.Sql($"SELECT {Columns} FROM {{schema}}.outbox WHERE idempotency_key = @key;");
        _latestEditSql = database.Sql($"SELECT {Columns} FROM {{schema}}.outbox WHERE edit_of = @key ORDER BY id DESC LIMIT 1;");
        _statsSql = database.Sql(
            $$"""
            SELECT (SELECT COUNT(*) FROM {schema}.outbox WHERE state = {{Pending}}),
                   (SELECT COUNT(*) FROM {schema}.outbox WHERE state = {{Pending}} AND due_at <= @now),
                   (SELECT COUNT(*) FROM {schema}.outbox WHERE state = {{DeadLettered}}),
                   (SELECT MIN(due_at) FROM {schema}.outbox WHERE state = {{Pending}} AND due_at <= @now);
            """);
        _purgeSql = database.Sql($"DELETE FROM {{schema}}.outbox WHERE state IN ({Sent}, {DeadLettered}) AND completed_at < @before;");
    }

    public async ValueTask<OutboxEnqueueResult> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        StoreArguments.Message(message);
        var json = StoredJson.Serialize(message.Message);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = connection.LockedBatch(_lockClass, Pg.ChatKey(message.ChatId)))
        {
            var insert = new NpgsqlBatchCommand(_insertSql);
            insert.Parameters
                .Text("key", message.IdempotencyKey)
                .Text("user", message.UserId)
                .Bigint("chat", message.ChatId)
                .Integer("type", StoredValues.ChatType(message.ChatType))
                .Text("notification", message.NotificationType)
                .Text("message", json)
                .Bigint("created", StoredValues.Ticks(message.CreatedAt))
                .Bigint("due", StoredValues.Ticks(message.DueAt))
                .Integer("attempts", message.Attempts)
                .Text("error", message.LastError)
                .Text("editOf", message.EditOf);
            batch.BatchCommands.Add(insert);
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            long? id = null;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                // the first result is the lock's row
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        id = reader.GetInt64(0);
                    }
                }
            }

            if (id is { } inserted)
            {
                return new OutboxEnqueueResult(true, inserted);
            }
        }

        // the key exists: a new statement sees the row committed by the caller that won
        await using var find = new NpgsqlCommand(_findIdSql, connection);
        find.Parameters.Text("key", message.IdempotencyKey);
        return await find.ScalarPreparedAsync(cancellationToken).ConfigureAwait(false) is long existing
            ? new OutboxEnqueueResult(false, existing)
            : throw new InvalidOperationException("The outbox message with this idempotency key was purged while it was being enqueued again; retry.");
    }

    public async ValueTask<IReadOnlyList<OutboxLease>> LeaseAsync(int max, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreArguments.LeaseRequest(max, leaseDuration);
        var until = now + leaseDuration;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_leaseSql, connection);
        command.Parameters.Bigint("now", StoredValues.Ticks(now)).Bigint("until", StoredValues.Ticks(until)).Integer("max", max);
        var leases = new List<OutboxLease>();
        await using (var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leases.Add(new OutboxLease(StoredRows.ReadOutboxMessage(reader), reader.GetString(15), until));
            }
        }

        leases.Sort(static (a, b) => a.Message.DueAt != b.Message.DueAt ? a.Message.DueAt.CompareTo(b.Message.DueAt) : a.Message.Id.CompareTo(b.Message.Id));
        return leases;
    }

    public async ValueTask<bool> MarkSentAsync(long id, string leaseId, DateTimeOffset sentAt, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_markSentSql, connection);
        command.Parameters.Bigint("id", id).Text("lease", leaseId).Bigint("at", StoredValues.Ticks(sentAt)).Bigint("telegram", telegramMessageId);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> RescheduleAsync(long id, string leaseId, DateTimeOffset dueAt, string? error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_rescheduleSql, connection);
        command.Parameters
            .Bigint("id", id)
            .Text("lease", leaseId)
            .Bigint("due", StoredValues.Ticks(dueAt))
            .Text("error", error)
            .Integer("increment", countAttempt ? 1 : 0);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> DeadLetterAsync(long id, string leaseId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        StoreArguments.Lease(leaseId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_deadLetterSql, connection);
        command.Parameters.Bigint("id", id).Text("lease", leaseId).Text("reason", reason).Bigint("at", StoredValues.Ticks(at));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> RedirectChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_redirectSql, connection);
        command.Parameters.Bigint("from", fromChatId).Bigint("to", toChatId);
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_getSql, connection);
        command.Parameters.Bigint("id", id);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_findSql, connection);
        command.Parameters.Text("key", idempotencyKey);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxMessage?> FindLatestEditAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalKey);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_latestEditSql, connection);
        command.Parameters.Text("key", originalKey);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OutboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_statsSql, connection);
        command.Parameters.Bigint("now", StoredValues.Ticks(now));
        await using var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), StoredValues.NullableInstant(reader, 3));
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_purgeSql, connection);
        command.Parameters.Bigint("before", StoredValues.Ticks(completedBefore));
        return await command.ExecutePreparedAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<OutboxMessage?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ReadPreparedAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.ReadOutboxMessage(reader) : null;
    }
}
