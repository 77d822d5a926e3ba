using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The statement catalogue in SQLite: tables in the main schema, flags as 0 and 1, leasing through a subquery (SQLite has one writer at a time).</summary>
internal sealed class SqliteStatements() : RelationalStatements(tablePrefix: "", trueLiteral: "1", falseLiteral: "0")
{
    public override string ChatLinksByUsers { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM chat_links WHERE user_id IN (SELECT value FROM json_each(@users));";

    public override string LeaseMessages { get; } =
        $"""
        UPDATE outbox SET lease_id = lower(hex(randomblob(16))), leased_until = @until
        WHERE id IN (
            SELECT o.id FROM outbox AS o
            WHERE o.state = {Pending} AND o.due_at <= @now AND (o.leased_until IS NULL OR o.leased_until <= @now)
              AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.chat_id_hash = o.chat_id_hash AND p.state = {Pending} AND p.id < o.id)
            ORDER BY o.lane, o.due_at, o.id
            LIMIT @max)
        RETURNING {StoredRows.OutboxColumns}, lease_id;
        """;

    public override string LeaseEventDeliveries { get; } =
        $"""
        UPDATE event_deliveries SET lease_id = lower(hex(randomblob(16))), leased_until = @until
        WHERE event_id IN (
            SELECT event_id FROM event_deliveries
            WHERE state = 0 AND due_at <= @now AND (leased_until IS NULL OR leased_until <= @now)
            ORDER BY due_at, created_at, event_id
            LIMIT @max)
        RETURNING {EventDeliveryColumns}, lease_id;
        """;
}
