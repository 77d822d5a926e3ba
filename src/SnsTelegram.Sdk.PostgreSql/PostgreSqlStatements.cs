using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// The statement catalogue in PostgreSQL: tables in the configured schema, flags as booleans, and leasing that takes
/// the candidate rows <c>FOR UPDATE SKIP LOCKED</c>, so workers of several instances never wait for each other.
/// </summary>
/// <param name="quotedSchema">The schema's quoted name.</param>
/// <param name="outboxChannel">The channel notified by every enqueue (<see cref="PostgreSqlDatabase.OutboxChannel"/>).</param>
internal sealed class PostgreSqlStatements(string quotedSchema, string outboxChannel) : RelationalStatements(quotedSchema + ".", trueLiteral: "true", falseLiteral: "false")
{
    /// <summary>Sent when the enqueue commits, to the instance that sends (<see cref="PostgreSqlDispatchCoordinator"/>).</summary>
    public override string? NotifyEnqueued { get; } = $"NOTIFY {outboxChannel};";

    public override string ChatLinksByUsers { get; } =
        $"SELECT {StoredRows.ChatLinkColumns} FROM {quotedSchema}.chat_links WHERE user_id IN (SELECT jsonb_array_elements_text(CAST(@users AS jsonb)));";

    /// <summary>PostgreSQL keeps a dropped column's values in the rows until they are written again: the upgrade clears them first.</summary>
    protected override string ClearPlaintextChatId => ", chat_id = NULL";

    public override string LeaseMessages { get; } =
        $"""
        WITH candidates AS (
            SELECT o.id FROM {quotedSchema}.outbox AS o
            WHERE o.state = {Pending} AND o.due_at <= @now AND (o.leased_until IS NULL OR o.leased_until <= @now)
              AND NOT EXISTS (SELECT 1 FROM {quotedSchema}.outbox AS p WHERE p.chat_id_hash = o.chat_id_hash AND p.state = {Pending} AND p.id < o.id)
            ORDER BY o.lane, o.due_at, o.id
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE {quotedSchema}.outbox AS u SET lease_id = replace(gen_random_uuid()::text, '-', ''), leased_until = @until
        FROM candidates
        WHERE u.id = candidates.id
        RETURNING u.id, u.idempotency_key, u.user_id, u.chat_id_cipher, u.chat_type, u.notification_type, u.message, u.created_at, u.due_at,
            u.state, u.attempts, u.last_error, u.completed_at, u.telegram_message_id, u.edit_of, u.lane, u.trace_parent, u.trace_state, u.platform, u.lease_id;
        """;

    public override string LeaseEventDeliveries { get; } =
        $"""
        WITH candidates AS (
            SELECT event_id FROM {quotedSchema}.event_deliveries
            WHERE state = 0 AND due_at <= @now AND (leased_until IS NULL OR leased_until <= @now)
            ORDER BY due_at, created_at, event_id
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE {quotedSchema}.event_deliveries AS u SET lease_id = replace(gen_random_uuid()::text, '-', ''), leased_until = @until
        FROM candidates
        WHERE u.event_id = candidates.event_id
        RETURNING u.event_id, u.event_type, u.body, u.created_at, u.due_at, u.state, u.attempts, u.last_error, u.completed_at, u.lease_id;
        """;
}
