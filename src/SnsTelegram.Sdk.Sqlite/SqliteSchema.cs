namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// The schema of the SQLite file, as ordered migrations. Version n is reached by applying migrations 1..n in order;
/// the version a file has reached is kept in <c>schema_version</c>. Never edit a shipped migration: add a new one.
/// Instants are UTC ticks (INTEGER) so they order correctly; enums are small integers.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this library writes and expects.</summary>
    public const int CurrentVersion = 15;

    /// <summary>The migrations; index i brings a file from version i to version i + 1.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: account linking
        """
        CREATE TABLE chat_links (
            user_id TEXT NOT NULL PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            chat_type INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            linked_at INTEGER NOT NULL,
            disabled_reason TEXT,
            language TEXT,
            time_zone TEXT,
            daily_report_time INTEGER,
            muted_types TEXT,
            quiet_start INTEGER,
            quiet_end INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ix_chat_links_chat ON chat_links (chat_id);
        CREATE INDEX ix_chat_links_enabled ON chat_links (user_id) WHERE enabled = 1;

        CREATE TABLE link_tokens (
            token_hash TEXT NOT NULL PRIMARY KEY,
            kind INTEGER NOT NULL,
            user_id TEXT,
            chat_id INTEGER,
            chat_type INTEGER,
            language TEXT,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            state INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_link_tokens_issued ON link_tokens (user_id, created_at) WHERE kind = 0;
        CREATE INDEX ix_link_tokens_active_chat ON link_tokens (chat_id) WHERE kind = 1 AND state = 0;

        CREATE TABLE processed_updates (
            update_id INTEGER NOT NULL PRIMARY KEY,
            processed_at INTEGER NOT NULL
        );
        CREATE INDEX ix_processed_updates_at ON processed_updates (processed_at);
        """,

        // 2: delivery and scheduling
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            chat_id INTEGER NOT NULL,
            chat_type INTEGER NOT NULL,
            notification_type TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            completed_at INTEGER,
            telegram_message_id INTEGER,
            lease_id TEXT,
            leased_until INTEGER
        );
        CREATE INDEX ix_outbox_pending_chat ON outbox (chat_id, id) WHERE state = 0;
        CREATE INDEX ix_outbox_pending_due ON outbox (due_at, id) WHERE state = 0;
        CREATE INDEX ix_outbox_completed ON outbox (state, completed_at) WHERE state <> 0;

        CREATE TABLE job_occurrences (
            job_id TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            owner TEXT NOT NULL,
            lease_until INTEGER NOT NULL,
            completed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (job_id, occurrence)
        ) WITHOUT ROWID;

        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY,
            job_id TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            owner TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            duration INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            error TEXT
        );
        CREATE INDEX ix_job_runs_job ON job_runs (job_id, started_at, id);
        """,

        // 3: edits of sent messages (live metrics)
        """
        ALTER TABLE outbox ADD COLUMN edit_of TEXT;
        CREATE INDEX ix_outbox_edit_of ON outbox (edit_of, id) WHERE edit_of IS NOT NULL;
        """,

        // 4: delivery lanes (0 urgent, 1 normal, 2 bulk); leasing takes the lanes in order
        """
        ALTER TABLE outbox ADD COLUMN lane INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX ix_outbox_pending_lane ON outbox (lane, due_at, id) WHERE state = 0;
        """,

        // 5: per-user limits shared by the instances (one row per permit taken; limit_key is a hash of the user id)
        """
        CREATE TABLE rate_limit_permits (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            limit_key TEXT NOT NULL,
            taken_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX ix_rate_limit_permits_key ON rate_limit_permits (scope, limit_key, taken_at);
        CREATE INDEX ix_rate_limit_permits_expires ON rate_limit_permits (expires_at);
        """,

        // 6: updates kept for inspection (unreadable, or a handler failed) and once-only button actions
        """
        CREATE TABLE unreadable_updates (
            id INTEGER PRIMARY KEY,
            update_id INTEGER,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            body TEXT NOT NULL,
            truncated INTEGER NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX ix_unreadable_updates_at ON unreadable_updates (received_at, id);
        CREATE TABLE button_actions (
            action_key TEXT NOT NULL PRIMARY KEY,
            done_at INTEGER NOT NULL
        );
        CREATE INDEX ix_button_actions_at ON button_actions (done_at);
        """,

        EncryptChatIds,

        // 8: digests and send windows that hold: the link's digest and quiet-hours settings, the digest windows and their events
        """
        ALTER TABLE chat_links ADD COLUMN quiet_mode INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_links ADD COLUMN quiet_days INTEGER NOT NULL DEFAULT 127;
        ALTER TABLE chat_links ADD COLUMN quiet_urgent_bypass INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_links ADD COLUMN digest_minutes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_links ADD COLUMN digest_types TEXT;

        CREATE TABLE digest_windows (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            closes_at INTEGER NOT NULL,
            item_count INTEGER NOT NULL,
            held INTEGER NOT NULL,
            closed_at INTEGER,
            close_token TEXT
        );
        CREATE INDEX ix_digest_windows_open_user ON digest_windows (user_id, id) WHERE closed_at IS NULL;
        CREATE INDEX ix_digest_windows_due ON digest_windows (closes_at, id) WHERE closed_at IS NULL;
        CREATE INDEX ix_digest_windows_closed ON digest_windows (closed_at) WHERE closed_at IS NOT NULL;

        CREATE TABLE digest_items (
            id INTEGER PRIMARY KEY,
            window_id INTEGER NOT NULL,
            item_key TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            notification_type TEXT NOT NULL,
            platform TEXT,
            title TEXT,
            url TEXT,
            failed INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX ix_digest_items_window ON digest_items (window_id, id);
        """,

        // 9: the activity log and the operator's API: a user's messages by id, and the operator's pause of delivery
        """
        CREATE INDEX ix_outbox_user ON outbox (user_id, id);
        CREATE TABLE delivery_pause (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            paused_by TEXT NOT NULL,
            paused_at INTEGER NOT NULL,
            reason TEXT
        );
        """,

        // 10: the W3C trace context of the span that queued a message, parent of its send spans
        """
        ALTER TABLE outbox ADD COLUMN trace_parent TEXT;
        ALTER TABLE outbox ADD COLUMN trace_state TEXT;
        """,

        // 11: delivery faults: which messages wait for a retry because a send failed (brought forward when Telegram is
        // back), and the bot's 429 pause, so that an instance taking over sending waits out its rest
        """
        ALTER TABLE outbox ADD COLUMN retry_after_failure INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_outbox_retry_after_failure ON outbox (id) WHERE state = 0 AND retry_after_failure = 1;
        CREATE TABLE send_pause (
            id INTEGER NOT NULL PRIMARY KEY,
            paused_until INTEGER NOT NULL
        );
        """,

        // 12: the event queue of the app's webhook
        """
        CREATE TABLE event_deliveries (
            event_id TEXT NOT NULL PRIMARY KEY,
            event_type TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            completed_at INTEGER,
            lease_id TEXT,
            leased_until INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ix_event_deliveries_due ON event_deliveries (due_at, created_at) WHERE state = 0;
        CREATE INDEX ix_event_deliveries_completed ON event_deliveries (completed_at) WHERE state <> 0;
        """,

        // 13: teams: a forum's topic per notification type (JSON object, NULL when the chat is not a forum)
        """
        ALTER TABLE chat_links ADD COLUMN forum_topics TEXT;
        """,

        // 14: the social network a message is about, for a forum's topic per platform
        """
        ALTER TABLE outbox ADD COLUMN platform TEXT;
        """,

        // 15: the activity log's notes: notifications muted by their user or put into a digest window (no chat id)
        """
        CREATE TABLE notification_notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            note_key TEXT NOT NULL,
            kind INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            notification_type TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            digest_window_id INTEGER,
            UNIQUE (kind, note_key)
        );
        CREATE INDEX ix_notification_notes_user ON notification_notes (user_id, id);
        CREATE INDEX ix_notification_notes_created ON notification_notes (created_at);
        """,
    ];

    /// <summary>The version whose migration encrypts chat ids (<see cref="EncryptChatIds"/>).</summary>
    public static int ChatIdEncryptionVersion { get; } = Migrations.ToList().IndexOf(EncryptChatIds) + 1;

    /// <summary>
    /// Drops the plaintext chat ids, run by the migration runner right after <see cref="EncryptChatIds"/> once it has
    /// encrypted the rows of the older schema (DROP COLUMN rewrites every row without the column).
    /// </summary>
    public const string DropPlaintextChatIds =
        """
        DROP INDEX ix_chat_links_chat;
        ALTER TABLE chat_links DROP COLUMN chat_id;
        DROP INDEX ix_link_tokens_active_chat;
        ALTER TABLE link_tokens DROP COLUMN chat_id;
        DROP INDEX ix_outbox_pending_chat;
        ALTER TABLE outbox DROP COLUMN chat_id;
        """;

    /// <summary>
    /// Chat ids encrypted at rest: <c>chat_id_cipher</c> holds the chat id under AES-256-GCM (<c>{key id}:{base64}</c>),
    /// <c>chat_id_hash</c> its keyed hash (HMAC-SHA256, base64) by which rows of a chat are found and grouped;
    /// <c>data_keys</c> holds the data keys, wrapped (id 0: the lookup key; 1 and up: value keys, the highest encrypts).
    /// </summary>
    private const string EncryptChatIds =
        """
        CREATE TABLE data_keys (
            id INTEGER NOT NULL PRIMARY KEY,
            wrapped_key TEXT NOT NULL
        );

        ALTER TABLE chat_links ADD COLUMN chat_id_cipher TEXT;
        ALTER TABLE chat_links ADD COLUMN chat_id_hash TEXT;
        CREATE INDEX ix_chat_links_chat_hash ON chat_links (chat_id_hash);

        ALTER TABLE link_tokens ADD COLUMN chat_id_cipher TEXT;
        ALTER TABLE link_tokens ADD COLUMN chat_id_hash TEXT;
        CREATE INDEX ix_link_tokens_active_chat_hash ON link_tokens (chat_id_hash) WHERE kind = 1 AND state = 0;

        ALTER TABLE outbox ADD COLUMN chat_id_cipher TEXT;
        ALTER TABLE outbox ADD COLUMN chat_id_hash TEXT;
        CREATE INDEX ix_outbox_pending_chat_hash ON outbox (chat_id_hash, id) WHERE state = 0;
        """;
}
