namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>
/// The schema in PostgreSQL, as ordered migrations. Version n is reached by applying migrations 1..n in order; the
/// version a database has reached is kept in <c>schema_version</c> inside the schema. Never edit a shipped migration:
/// add a new one. <c>{schema}</c> stands for the quoted schema name. Instants are UTC ticks (bigint), so they keep
/// every tick of a <see cref="DateTimeOffset"/> (timestamptz keeps microseconds) and order correctly; enums are small
/// integers; user ids compare in the "C" collation (code point order), whatever the database's locale.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The schema version this library writes and expects.</summary>
    public const int CurrentVersion = 13;

    /// <summary>The migrations; index i brings a database from version i to version i + 1.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: account linking, delivery and scheduling
        """
        CREATE TABLE {schema}.chat_links (
            user_id text COLLATE "C" NOT NULL PRIMARY KEY,
            chat_id bigint NOT NULL,
            chat_type integer NOT NULL,
            enabled boolean NOT NULL,
            linked_at bigint NOT NULL,
            disabled_reason text,
            language text,
            time_zone text,
            daily_report_time bigint,
            muted_types text,
            quiet_start bigint,
            quiet_end bigint
        );
        CREATE INDEX ix_chat_links_chat ON {schema}.chat_links (chat_id);
        CREATE INDEX ix_chat_links_enabled ON {schema}.chat_links (user_id) WHERE enabled;

        CREATE TABLE {schema}.link_tokens (
            token_hash text NOT NULL PRIMARY KEY,
            kind integer NOT NULL,
            user_id text,
            chat_id bigint,
            chat_type integer,
            language text,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            state integer NOT NULL
        );
        CREATE INDEX ix_link_tokens_issued ON {schema}.link_tokens (user_id, created_at) WHERE kind = 0;
        CREATE INDEX ix_link_tokens_active_chat ON {schema}.link_tokens (chat_id) WHERE kind = 1 AND state = 0;

        CREATE TABLE {schema}.processed_updates (
            update_id bigint NOT NULL PRIMARY KEY,
            processed_at bigint NOT NULL
        );
        CREATE INDEX ix_processed_updates_at ON {schema}.processed_updates (processed_at);

        CREATE TABLE {schema}.outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            idempotency_key text NOT NULL UNIQUE,
            user_id text NOT NULL,
            chat_id bigint NOT NULL,
            chat_type integer NOT NULL,
            notification_type text NOT NULL,
            message text NOT NULL,
            created_at bigint NOT NULL,
            due_at bigint NOT NULL,
            state integer NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            completed_at bigint,
            telegram_message_id bigint,
            lease_id text,
            leased_until bigint,
            edit_of text
        );
        CREATE INDEX ix_outbox_pending_chat ON {schema}.outbox (chat_id, id) WHERE state = 0;
        CREATE INDEX ix_outbox_pending_due ON {schema}.outbox (due_at, id) WHERE state = 0;
        CREATE INDEX ix_outbox_completed ON {schema}.outbox (state, completed_at) WHERE state <> 0;
        CREATE INDEX ix_outbox_edit_of ON {schema}.outbox (edit_of, id) WHERE edit_of IS NOT NULL;

        CREATE TABLE {schema}.job_occurrences (
            job_id text NOT NULL,
            occurrence bigint NOT NULL,
            owner text NOT NULL,
            lease_until bigint NOT NULL,
            completed boolean NOT NULL DEFAULT false,
            PRIMARY KEY (job_id, occurrence)
        );

        CREATE TABLE {schema}.job_runs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            job_id text NOT NULL,
            occurrence bigint NOT NULL,
            owner text NOT NULL,
            started_at bigint NOT NULL,
            duration bigint NOT NULL,
            outcome integer NOT NULL,
            error text
        );
        CREATE INDEX ix_job_runs_job ON {schema}.job_runs (job_id, started_at, id);
        """,

        // 2: delivery lanes (0 urgent, 1 normal, 2 bulk); leasing takes the lanes in order
        """
        ALTER TABLE {schema}.outbox ADD COLUMN lane integer NOT NULL DEFAULT 1;
        CREATE INDEX ix_outbox_pending_lane ON {schema}.outbox (lane, due_at, id) WHERE state = 0;
        """,

        // 3: per-user limits shared by the instances (one row per permit taken; limit_key is a hash of the user id)
        """
        CREATE TABLE {schema}.rate_limit_permits (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            scope text COLLATE "C" NOT NULL,
            limit_key text COLLATE "C" NOT NULL,
            taken_at bigint NOT NULL,
            expires_at bigint NOT NULL
        );
        CREATE INDEX ix_rate_limit_permits_key ON {schema}.rate_limit_permits (scope, limit_key, taken_at);
        CREATE INDEX ix_rate_limit_permits_expires ON {schema}.rate_limit_permits (expires_at);
        """,

        // 4: updates kept for inspection (unreadable, or a handler failed) and once-only button actions
        """
        CREATE TABLE {schema}.unreadable_updates (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            update_id bigint,
            source text NOT NULL,
            reason text NOT NULL,
            body text NOT NULL,
            truncated boolean NOT NULL,
            received_at bigint NOT NULL
        );
        CREATE INDEX ix_unreadable_updates_at ON {schema}.unreadable_updates (received_at, id);
        CREATE TABLE {schema}.button_actions (
            action_key text NOT NULL PRIMARY KEY,
            done_at bigint NOT NULL
        );
        CREATE INDEX ix_button_actions_at ON {schema}.button_actions (done_at);
        """,

        EncryptChatIds,

        // 6: digests and send windows that hold: the link's digest and quiet-hours settings, the digest windows and their events
        """
        ALTER TABLE {schema}.chat_links ADD COLUMN quiet_mode integer NOT NULL DEFAULT 0, ADD COLUMN quiet_days integer NOT NULL DEFAULT 127,
            ADD COLUMN quiet_urgent_bypass boolean NOT NULL DEFAULT false, ADD COLUMN digest_minutes integer NOT NULL DEFAULT 0, ADD COLUMN digest_types text;

        CREATE TABLE {schema}.digest_windows (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id text COLLATE "C" NOT NULL,
            opened_at bigint NOT NULL,
            closes_at bigint NOT NULL,
            item_count integer NOT NULL,
            held boolean NOT NULL,
            closed_at bigint,
            close_token text
        );
        CREATE INDEX ix_digest_windows_open_user ON {schema}.digest_windows (user_id, id) WHERE closed_at IS NULL;
        CREATE INDEX ix_digest_windows_due ON {schema}.digest_windows (closes_at, id) WHERE closed_at IS NULL;
        CREATE INDEX ix_digest_windows_closed ON {schema}.digest_windows (closed_at) WHERE closed_at IS NOT NULL;

        CREATE TABLE {schema}.digest_items (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            window_id bigint NOT NULL,
            item_key text NOT NULL UNIQUE,
            user_id text COLLATE "C" NOT NULL,
            notification_type text NOT NULL,
            platform text,
            title text,
            url text,
            failed boolean NOT NULL,
            created_at bigint NOT NULL
        );
        CREATE INDEX ix_digest_items_window ON {schema}.digest_items (window_id, id);
        """,

        // 7: the activity log and the operator's API: a user's messages by id, and the operator's pause of delivery
        """
        CREATE INDEX ix_outbox_user ON {schema}.outbox (user_id, id);
        CREATE TABLE {schema}.delivery_pause (
            id integer NOT NULL PRIMARY KEY CHECK (id = 1),
            paused_by text NOT NULL,
            paused_at bigint NOT NULL,
            reason text
        );
        """,

        // 8: the W3C trace context of the span that queued a message, parent of its send spans
        """
        ALTER TABLE {schema}.outbox ADD COLUMN trace_parent text;
        ALTER TABLE {schema}.outbox ADD COLUMN trace_state text;
        """,

        // 9: delivery faults: which messages wait for a retry because a send failed (brought forward when Telegram is
        // back), and the bot's 429 pause, so that an instance taking over sending waits out its rest
        """
        ALTER TABLE {schema}.outbox ADD COLUMN retry_after_failure integer NOT NULL DEFAULT 0;
        CREATE INDEX ix_outbox_retry_after_failure ON {schema}.outbox (id) WHERE state = 0 AND retry_after_failure = 1;
        CREATE TABLE {schema}.send_pause (
            id integer NOT NULL PRIMARY KEY,
            paused_until bigint NOT NULL
        );
        """,

        // 10: the event queue of the app's webhook
        """
        CREATE TABLE {schema}.event_deliveries (
            event_id text COLLATE "C" NOT NULL PRIMARY KEY,
            event_type text NOT NULL,
            body text NOT NULL,
            created_at bigint NOT NULL,
            due_at bigint NOT NULL,
            state integer NOT NULL,
            attempts integer NOT NULL,
            last_error text,
            completed_at bigint,
            lease_id text,
            leased_until bigint
        );
        CREATE INDEX ix_event_deliveries_due ON {schema}.event_deliveries (due_at, created_at) WHERE state = 0;
        CREATE INDEX ix_event_deliveries_completed ON {schema}.event_deliveries (completed_at) WHERE state <> 0;
        """,

        // 11: teams: a forum's topic per notification type (JSON object, NULL when the chat is not a forum)
        """
        ALTER TABLE {schema}.chat_links ADD COLUMN forum_topics text;
        """,

        // 12: the social network a message is about, for a forum's topic per platform
        """
        ALTER TABLE {schema}.outbox ADD COLUMN platform text;
        """,

        // 13: the activity log's notes: notifications muted by their user or put into a digest window (no chat id)
        """
        CREATE TABLE {schema}.notification_notes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            note_key text COLLATE "C" NOT NULL,
            kind integer NOT NULL,
            user_id text COLLATE "C" NOT NULL,
            notification_type text NOT NULL,
            created_at bigint NOT NULL,
            digest_window_id bigint,
            UNIQUE (kind, note_key)
        );
        CREATE INDEX ix_notification_notes_user ON {schema}.notification_notes (user_id, id);
        CREATE INDEX ix_notification_notes_created ON {schema}.notification_notes (created_at);
        """,
    ];

    /// <summary>The version whose migration encrypts chat ids (<see cref="EncryptChatIds"/>).</summary>
    public static int ChatIdEncryptionVersion { get; } = Migrations.ToList().IndexOf(EncryptChatIds) + 1;

    /// <summary>
    /// Drops the plaintext chat ids (and their indexes), run by the migration runner right after
    /// <see cref="EncryptChatIds"/> once it has encrypted the rows of the older schema and cleared their plaintext.
    /// </summary>
    public const string DropPlaintextChatIds =
        """
        ALTER TABLE {schema}.chat_links DROP COLUMN chat_id;
        ALTER TABLE {schema}.link_tokens DROP COLUMN chat_id;
        ALTER TABLE {schema}.outbox DROP COLUMN chat_id;
        """;

    /// <summary>
    /// Chat ids encrypted at rest: <c>chat_id_cipher</c> holds the chat id under AES-256-GCM (<c>{key id}:{base64}</c>),
    /// <c>chat_id_hash</c> its keyed hash (HMAC-SHA256, base64) by which rows of a chat are found and grouped;
    /// <c>data_keys</c> holds the data keys, wrapped (id 0: the lookup key; 1 and up: value keys, the highest encrypts).
    /// The plaintext columns lose NOT NULL so the upgrade can clear them before they are dropped.
    /// </summary>
    private const string EncryptChatIds =
        """
        CREATE TABLE {schema}.data_keys (
            id integer NOT NULL PRIMARY KEY,
            wrapped_key text NOT NULL
        );

        ALTER TABLE {schema}.chat_links ADD COLUMN chat_id_cipher text, ADD COLUMN chat_id_hash text, ALTER COLUMN chat_id DROP NOT NULL;
        CREATE INDEX ix_chat_links_chat_hash ON {schema}.chat_links (chat_id_hash);

        ALTER TABLE {schema}.link_tokens ADD COLUMN chat_id_cipher text, ADD COLUMN chat_id_hash text;
        CREATE INDEX ix_link_tokens_active_chat_hash ON {schema}.link_tokens (chat_id_hash) WHERE kind = 1 AND state = 0;

        ALTER TABLE {schema}.outbox ADD COLUMN chat_id_cipher text, ADD COLUMN chat_id_hash text, ALTER COLUMN chat_id DROP NOT NULL;
        CREATE INDEX ix_outbox_pending_chat_hash ON {schema}.outbox (chat_id_hash, id) WHERE state = 0;
        """;
}
