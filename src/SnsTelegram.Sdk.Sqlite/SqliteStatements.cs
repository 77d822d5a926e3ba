using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>The statement catalogue in SQLite: tables in the main schema, flags as 0 and 1, leasing through a subquery (SQLite has one writer at a time).</summary>
internal sealed class SqliteStatements() : RelationalStatements(tablePrefix: "", trueLiteral: "1", falseLiteral: "0")
{
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
}
