namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// The statement catalogue of the relational stores, in the SQL that SQLite and PostgreSQL share (parameters as
/// <c>@name</c>, upserts as <c>ON CONFLICT</c>, <c>RETURNING</c>). A database's subclass supplies what differs: where
/// the tables live (<paramref name="tablePrefix"/>), how a flag is written (<paramref name="trueLiteral"/>,
/// <paramref name="falseLiteral"/>) and how due messages are leased. Every text is built once.
/// </summary>
/// <param name="tablePrefix">Put before every table name: empty, or a quoted schema and a dot.</param>
/// <param name="trueLiteral">A flag's true value in SQL (matching the partial indexes of the schema).</param>
/// <param name="falseLiteral">A flag's false value in SQL.</param>
internal abstract class RelationalStatements(string tablePrefix, string trueLiteral, string falseLiteral)
{
    protected const int Pending = StoredRows.OutboxPending;
    protected const int Sent = StoredRows.OutboxSent;
    protected const int DeadLettered = StoredRows.OutboxDeadLettered;
    protected const int Active = StoredRows.TokenActive;
    protected const int Used = StoredRows.TokenUsed;
    protected const int Retired = StoredRows.TokenRetired;

    /// <summary>The prefix of every table name.</summary>
    protected string T { get; } = tablePrefix;

    // schema version

    public string CreateVersionTable => $"CREATE TABLE IF NOT EXISTS {T}schema_version (version INTEGER NOT NULL);";

    public string ReadVersion => $"SELECT COALESCE(MAX(version), 0) FROM {T}schema_version;";

    public string ClearVersion => $"DELETE FROM {T}schema_version;";

    public string WriteVersion(int version) => $"INSERT INTO {T}schema_version (version) VALUES ({version});";

    // data keys of the encrypted chat ids (id 0: the lookup key; 1 and up: value keys, the highest encrypts)

    public string ReadDataKeys => $"SELECT id, wrapped_key FROM {T}data_keys ORDER BY id;";

    public string InsertDataKey => $"INSERT INTO {T}data_keys (id, wrapped_key) VALUES (@id, @wrapped);";

    public string NextDataKeyId => $"SELECT COALESCE(MAX(id), 0) + 1 FROM {T}data_keys;";

    /// <summary>
    /// A batch of rows of <paramref name="table"/> whose chat id is still plaintext (the schema before encryption), after
    /// <c>@after</c> in key order: the key, then the chat id.
    /// </summary>
    public string PlaintextChatIds(ChatIdTable table) =>
        $"SELECT {table.Key}, chat_id FROM {T}{table.Name} WHERE chat_id IS NOT NULL AND chat_id_hash IS NULL AND {table.Key} > @after ORDER BY {table.Key} LIMIT @limit;";

    /// <summary>Stores the encrypted chat id and its hash of one row of <paramref name="table"/> (by <c>@key</c>).</summary>
    public string EncryptChatId(ChatIdTable table) =>
        $"UPDATE {T}{table.Name} SET chat_id_cipher = @chat, chat_id_hash = @chatHash{ClearPlaintextChatId} WHERE {table.Key} = @key;";

    /// <summary>
    /// What <see cref="EncryptChatId"/> also sets, so that the row's new version keeps no plaintext (PostgreSQL keeps a
    /// dropped column's values in the rows); empty where dropping the column rewrites the rows (SQLite).
    /// </summary>
    protected virtual string ClearPlaintextChatId => string.Empty;

    /// <summary>A batch of rows of <paramref name="table"/> encrypted under another key than <c>@prefix</c> names, after <c>@after</c>: the key, then the value.</summary>
    public string StaleChatIds(ChatIdTable table) =>
        $"SELECT {table.Key}, chat_id_cipher FROM {T}{table.Name} WHERE chat_id_cipher IS NOT NULL AND chat_id_cipher NOT LIKE @prefix AND {table.Key} > @after ORDER BY {table.Key} LIMIT @limit;";

    /// <summary>Replaces one row's encrypted chat id (<c>@old</c>) with <c>@chat</c>, unless a writer changed it meanwhile.</summary>
    public string ReencryptChatId(ChatIdTable table) =>
        $"UPDATE {T}{table.Name} SET chat_id_cipher = @chat WHERE {table.Key} = @key AND chat_id_cipher = @old;";

    // chat links

    public string ChatLinkByUser { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM {tablePrefix}chat_links WHERE user_id = @user;";

    public string ChatLinksByChat { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM {tablePrefix}chat_links WHERE chat_id_hash = @chatHash ORDER BY user_id;";

    public string RemoveOtherLinksOfChat { get; } = $"DELETE FROM {tablePrefix}chat_links WHERE chat_id_hash = @chatHash AND user_id <> @user RETURNING user_id;";

    public string UpsertChatLink { get; } =
        $"""
        INSERT INTO {tablePrefix}chat_links ({StoredRows.ChatLinkColumns}, chat_id_hash)
        VALUES (@user, @chat, @type, @enabled, @linked, @reason, @language, @zone, @report, @muted, @quietStart, @quietEnd, @chatHash)
        ON CONFLICT (user_id) DO UPDATE SET chat_id_cipher = excluded.chat_id_cipher, chat_id_hash = excluded.chat_id_hash, chat_type = excluded.chat_type, enabled = excluded.enabled,
            linked_at = excluded.linked_at, disabled_reason = excluded.disabled_reason, language = excluded.language,
            time_zone = excluded.time_zone, daily_report_time = excluded.daily_report_time, muted_types = excluded.muted_types,
            quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end;
        """;

    public string UpdateChatLink { get; } =
        $"""
        UPDATE {tablePrefix}chat_links SET chat_id_cipher = @chat, chat_id_hash = @chatHash, chat_type = @type, enabled = @enabled, linked_at = @linked, disabled_reason = @reason,
            language = @language, time_zone = @zone, daily_report_time = @report, muted_types = @muted, quiet_start = @quietStart, quiet_end = @quietEnd
        WHERE user_id = @user;
        """;

    public string DeleteChatLink { get; } = $"DELETE FROM {tablePrefix}chat_links WHERE user_id = @user;";

    public string SetChatEnabled { get; } =
        $"""
        UPDATE {tablePrefix}chat_links SET enabled = @enabled, disabled_reason = @reason
        WHERE chat_id_hash = @chatHash AND (enabled <> @enabled OR disabled_reason IS DISTINCT FROM @reason);
        """;

    public string MigrateChatLinks { get; } =
        $"""
        UPDATE {tablePrefix}chat_links SET chat_id_cipher = @to, chat_id_hash = @toHash, chat_type = CASE WHEN chat_type = @group THEN @supergroup ELSE chat_type END
        WHERE chat_id_hash = @fromHash;
        """;

    public string ListEnabledFirst { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM {tablePrefix}chat_links WHERE enabled = {trueLiteral} ORDER BY user_id LIMIT @limit;";

    public string ListEnabledAfter { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM {tablePrefix}chat_links WHERE enabled = {trueLiteral} AND user_id > @after ORDER BY user_id LIMIT @limit;";

    // link tokens

    public string InsertToken { get; } =
        $"INSERT INTO {tablePrefix}link_tokens ({StoredRows.LinkTokenColumns}, chat_id_hash) VALUES (@hash, @kind, @user, @chat, @type, @language, @created, @expires, {Active}, @chatHash);";

    public string RetireUserTokens { get; } =
        $"UPDATE {tablePrefix}link_tokens SET state = {Retired} WHERE kind = 0 AND state = {Active} AND user_id = @user AND token_hash <> @hash;";

    public string RetireChatTokens { get; } =
        $"UPDATE {tablePrefix}link_tokens SET state = {Retired} WHERE kind = 1 AND state = {Active} AND chat_id_hash = @chatHash AND token_hash <> @hash;";

    public string ConsumeToken { get; } =
        $"UPDATE {tablePrefix}link_tokens SET state = {Used} WHERE token_hash = @hash AND kind = @kind AND state = {Active} AND expires_at > @now RETURNING {StoredRows.LinkTokenColumns};";

    public string FindToken { get; } = $"SELECT {StoredRows.LinkTokenColumns} FROM {tablePrefix}link_tokens WHERE token_hash = @hash AND kind = @kind;";

    public string CountIssuedTokens { get; } = $"SELECT COUNT(*) FROM {tablePrefix}link_tokens WHERE kind = 0 AND user_id = @user AND created_at >= @since;";

    /// <summary>No index on expires_at: tokens live minutes and are purged regularly, so the table stays small and inserts stay cheap.</summary>
    public string PurgeTokens { get; } = $"DELETE FROM {tablePrefix}link_tokens WHERE expires_at < @before;";

    // processed updates

    public string MarkUpdateProcessed { get; } = $"INSERT INTO {tablePrefix}processed_updates (update_id, processed_at) VALUES (@id, @at) ON CONFLICT (update_id) DO NOTHING;";

    public string PurgeProcessedUpdates { get; } = $"DELETE FROM {tablePrefix}processed_updates WHERE processed_at < @before;";

    public string UnmarkUpdateProcessed { get; } = $"DELETE FROM {tablePrefix}processed_updates WHERE update_id = @id;";

    // kept (unreadable) updates and button actions

    public string InsertUnreadableUpdate { get; } =
        $"INSERT INTO {tablePrefix}unreadable_updates (update_id, source, reason, body, truncated, received_at) VALUES (@update, @source, @reason, @body, @truncated, @at);";

    public string UnreadableUpdatesNewestFirst { get; } =
        $"SELECT {StoredRows.UnreadableUpdateColumns} FROM {tablePrefix}unreadable_updates ORDER BY received_at DESC, id DESC LIMIT @limit;";

    public string PurgeUnreadableUpdates { get; } = $"DELETE FROM {tablePrefix}unreadable_updates WHERE received_at < @before;";

    public string MarkButtonAction { get; } = $"INSERT INTO {tablePrefix}button_actions (action_key, done_at) VALUES (@key, @at) ON CONFLICT (action_key) DO NOTHING;";

    public string PurgeButtonActions { get; } = $"DELETE FROM {tablePrefix}button_actions WHERE done_at < @before;";

    // outbox

    public string InsertMessage { get; } =
        $"""
        INSERT INTO {tablePrefix}outbox (idempotency_key, user_id, chat_id_cipher, chat_id_hash, chat_type, notification_type, message, created_at, due_at, state, attempts, last_error, edit_of, lane)
        VALUES (@key, @user, @chat, @chatHash, @type, @notification, @message, @created, @due, {Pending}, @attempts, @error, @editOf, @lane)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id;
        """;

    /// <summary>A statement run in the enqueue's transaction to wake the instance that sends, or null when the database cannot.</summary>
    public virtual string? NotifyEnqueued => null;

    public string MessageIdByKey { get; } = $"SELECT id FROM {tablePrefix}outbox WHERE idempotency_key = @key;";

    /// <summary>
    /// Leases up to <c>@max</c> due messages until <c>@until</c>: the oldest pending message of each chat whose lease is
    /// free or expired at <c>@now</c>, returning <see cref="StoredRows.OutboxColumns"/> and then the new lease id.
    /// </summary>
    public abstract string LeaseMessages { get; }

    public string ReleaseLeases { get; } = $"UPDATE {tablePrefix}outbox SET lease_id = NULL, leased_until = NULL WHERE state = {Pending} AND lease_id IS NOT NULL;";

    public string MarkSent { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET state = {Sent}, completed_at = @at, telegram_message_id = @telegram, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending};
        """;

    public string Reschedule { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET due_at = @due, last_error = COALESCE(@error, last_error), attempts = attempts + @increment, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending};
        """;

    public string DeadLetter { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET state = {DeadLettered}, last_error = @reason, completed_at = @at, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending};
        """;

    public string RedirectChat { get; } = $"UPDATE {tablePrefix}outbox SET chat_id_cipher = @to, chat_id_hash = @toHash WHERE chat_id_hash = @fromHash AND state = {Pending};";

    public string MessageById { get; } = $"SELECT {StoredRows.OutboxColumns} FROM {tablePrefix}outbox WHERE id = @id;";

    public string MessageByKey { get; } = $"SELECT {StoredRows.OutboxColumns} FROM {tablePrefix}outbox WHERE idempotency_key = @key;";

    public string LatestEdit { get; } = $"SELECT {StoredRows.OutboxColumns} FROM {tablePrefix}outbox WHERE edit_of = @key ORDER BY id DESC LIMIT 1;";

    public string OutboxStats { get; } =
        $"""
        SELECT (SELECT COUNT(*) FROM {tablePrefix}outbox WHERE state = {Pending}),
               (SELECT COUNT(*) FROM {tablePrefix}outbox WHERE state = {Pending} AND due_at <= @now),
               (SELECT COUNT(*) FROM {tablePrefix}outbox WHERE state = {DeadLettered}),
               (SELECT MIN(due_at) FROM {tablePrefix}outbox WHERE state = {Pending} AND due_at <= @now);
        """;

    public string PurgeMessages { get; } = $"DELETE FROM {tablePrefix}outbox WHERE state IN ({Sent}, {DeadLettered}) AND completed_at < @before;";

    // job leases

    public string AcquireOccurrence { get; } =
        $"""
        INSERT INTO {tablePrefix}job_occurrences AS j (job_id, occurrence, owner, lease_until, completed) VALUES (@job, @occurrence, @owner, @until, {falseLiteral})
        ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
        WHERE j.completed = {falseLiteral} AND (j.owner = excluded.owner OR j.lease_until <= @now);
        """;

    public string CompleteOccurrence { get; } =
        $"""
        INSERT INTO {tablePrefix}job_occurrences (job_id, occurrence, owner, lease_until, completed) VALUES (@job, @occurrence, @owner, @until, {trueLiteral})
        ON CONFLICT (job_id, occurrence) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, completed = {trueLiteral};
        """;

    public string RecordRun { get; } =
        $"""
        INSERT INTO {tablePrefix}job_runs (job_id, occurrence, owner, started_at, duration, outcome, error)
        VALUES (@job, @occurrence, @owner, @started, @duration, @outcome, @error);
        """;

    public string TrimRuns { get; } =
        $"""
        DELETE FROM {tablePrefix}job_runs WHERE job_id = @job AND id NOT IN
            (SELECT id FROM {tablePrefix}job_runs WHERE job_id = @job ORDER BY started_at DESC, id DESC LIMIT @kept);
        """;

    public string LastRun { get; } =
        $"SELECT occurrence, owner, started_at, duration, outcome, error FROM {tablePrefix}job_runs WHERE job_id = @job ORDER BY started_at DESC, id DESC LIMIT 1;";

    public string PurgeOccurrences { get; } =
        $"DELETE FROM {tablePrefix}job_occurrences WHERE occurrence < @before AND (completed = {trueLiteral} OR lease_until < @before);";

    // rate limits: one row per permit; a take counts the pair's permits in the window and inserts only under the limit

    /// <summary>Takes a permit when fewer than <c>@limit</c> are in the window; returns its id and 0.</summary>
    public string TakePermit { get; } =
        $"""
        INSERT INTO {tablePrefix}rate_limit_permits (scope, limit_key, taken_at, expires_at)
        SELECT @scope, @key, @now, @expires
        WHERE (SELECT COUNT(*) FROM {tablePrefix}rate_limit_permits WHERE scope = @scope AND limit_key = @key AND taken_at > @since) < @limit
        RETURNING id, 0;
        """;

    /// <summary>When the <c>@limit</c>-th newest permit in the window was taken: once it leaves the window, a take succeeds. Returns it and 1.</summary>
    public string LimitingPermit { get; } =
        $"""
        SELECT taken_at, 1 FROM {tablePrefix}rate_limit_permits WHERE scope = @scope AND limit_key = @key AND taken_at > @since
        ORDER BY taken_at DESC, id DESC LIMIT 1 OFFSET @skip;
        """;

    public string ReturnPermit { get; } = $"DELETE FROM {tablePrefix}rate_limit_permits WHERE id = @id AND scope = @scope AND limit_key = @key;";

    public string PurgePermits { get; } = $"DELETE FROM {tablePrefix}rate_limit_permits WHERE expires_at <= @before;";

    // the event queue of the app's webhook

    public const string EventDeliveryColumns = "event_id, event_type, body, created_at, due_at, state, attempts, last_error, completed_at";

    public string InsertEventDelivery { get; } =
        $"""
        INSERT INTO {tablePrefix}event_deliveries ({EventDeliveryColumns}) VALUES (@id, @type, @body, @created, @due, 0, @attempts, NULL, NULL)
        ON CONFLICT (event_id) DO NOTHING;
        """;

    /// <summary>
    /// Leases up to <c>@max</c> pending events due at <c>@now</c> whose lease is free or expired, until <c>@until</c>,
    /// returning <see cref="EventDeliveryColumns"/> and then the new lease id.
    /// </summary>
    public abstract string LeaseEventDeliveries { get; }

    public string MarkEventDelivered { get; } =
        $"UPDATE {tablePrefix}event_deliveries SET state = 1, completed_at = @at, lease_id = NULL, leased_until = NULL WHERE event_id = @id AND lease_id = @lease AND state = 0;";

    public string RescheduleEventDelivery { get; } =
        $"UPDATE {tablePrefix}event_deliveries SET due_at = @due, attempts = attempts + 1, last_error = @error, lease_id = NULL, leased_until = NULL WHERE event_id = @id AND lease_id = @lease AND state = 0;";

    public string DeadLetterEventDelivery { get; } =
        $"UPDATE {tablePrefix}event_deliveries SET state = 2, attempts = attempts + 1, last_error = @error, completed_at = @at, lease_id = NULL, leased_until = NULL WHERE event_id = @id AND lease_id = @lease AND state = 0;";

    public string EventDeliveryById { get; } = $"SELECT {EventDeliveryColumns} FROM {tablePrefix}event_deliveries WHERE event_id = @id;";

    public string PurgeEventDeliveries { get; } = $"DELETE FROM {tablePrefix}event_deliveries WHERE state <> 0 AND completed_at < @before;";
}
