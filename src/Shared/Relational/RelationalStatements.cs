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

    /// <summary>The links of the users whose ids are in <c>@users</c>, a JSON array of strings.</summary>
    public abstract string ChatLinksByUsers { get; }

    public string ChatLinksByChat { get; } = $"SELECT {StoredRows.ChatLinkColumns} FROM {tablePrefix}chat_links WHERE chat_id_hash = @chatHash ORDER BY user_id;";

    public string RemoveOtherLinksOfChat { get; } = $"DELETE FROM {tablePrefix}chat_links WHERE chat_id_hash = @chatHash AND user_id <> @user RETURNING user_id;";

    public string UpsertChatLink { get; } =
        $"""
        INSERT INTO {tablePrefix}chat_links ({StoredRows.ChatLinkColumns}, chat_id_hash)
        VALUES (@user, @chat, @type, @enabled, @linked, @reason, @language, @zone, @report, @muted, @quietStart, @quietEnd, @quietMode, @quietDays, @quietBypass, @digestMinutes, @digestTypes, @forumTopics, @chatHash)
        ON CONFLICT (user_id) DO UPDATE SET chat_id_cipher = excluded.chat_id_cipher, chat_id_hash = excluded.chat_id_hash, chat_type = excluded.chat_type, enabled = excluded.enabled,
            linked_at = excluded.linked_at, disabled_reason = excluded.disabled_reason, language = excluded.language,
            time_zone = excluded.time_zone, daily_report_time = excluded.daily_report_time, muted_types = excluded.muted_types,
            quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, quiet_mode = excluded.quiet_mode, quiet_days = excluded.quiet_days,
            quiet_urgent_bypass = excluded.quiet_urgent_bypass, digest_minutes = excluded.digest_minutes, digest_types = excluded.digest_types, forum_topics = excluded.forum_topics;
        """;

    public string UpdateChatLink { get; } =
        $"""
        UPDATE {tablePrefix}chat_links SET chat_id_cipher = @chat, chat_id_hash = @chatHash, chat_type = @type, enabled = @enabled, linked_at = @linked, disabled_reason = @reason,
            language = @language, time_zone = @zone, daily_report_time = @report, muted_types = @muted, quiet_start = @quietStart, quiet_end = @quietEnd,
            quiet_mode = @quietMode, quiet_days = @quietDays, quiet_urgent_bypass = @quietBypass, digest_minutes = @digestMinutes, digest_types = @digestTypes, forum_topics = @forumTopics
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

    // the columns a new outbox row is written with, and their parameters (RelationalOutboxStore.BindMessage)
    private const string NewMessageColumns =
        "idempotency_key, user_id, chat_id_cipher, chat_id_hash, chat_type, notification_type, message, created_at, due_at, state, attempts, last_error, edit_of, lane, trace_parent, trace_state, platform";

    private static readonly string NewMessageValues =
        $"@key, @user, @chat, @chatHash, @type, @notification, @message, @created, @due, {Pending}, @attempts, @error, @editOf, @lane, @traceParent, @traceState, @platform";

    public string InsertMessage { get; } =
        $"""
        INSERT INTO {tablePrefix}outbox ({NewMessageColumns})
        VALUES ({NewMessageValues})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id;
        """;

    /// <summary><see cref="InsertMessage"/> returning the key with the id, so a list's inserts are matched to its messages.</summary>
    public string InsertMessageKeyed { get; } =
        $"""
        INSERT INTO {tablePrefix}outbox ({NewMessageColumns})
        VALUES ({NewMessageValues})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, idempotency_key;
        """;

    /// <summary>A statement run in the enqueue's transaction to wake the instance that sends, or null when the database cannot.</summary>
    public virtual string? NotifyEnqueued => null;

    public string MessageIdByKey { get; } = $"SELECT id FROM {tablePrefix}outbox WHERE idempotency_key = @key;";

    /// <summary>
    /// Leases up to <c>@max</c> due messages until <c>@until</c>: the oldest pending message of each chat whose lease is
    /// free or expired at <c>@now</c>, returning <see cref="StoredRows.OutboxColumns"/> and then the new lease id.
    /// </summary>
    public abstract string LeaseMessages { get; }

    /// <summary>
    /// The earliest due time of a pending message without an unexpired lease (over <c>ix_outbox_pending_due</c>, in due
    /// order, stopping at the first such row).
    /// </summary>
    public string NextDue { get; } = $"SELECT MIN(due_at) FROM {tablePrefix}outbox WHERE state = {Pending} AND (leased_until IS NULL OR leased_until <= @now);";

    public string ReleaseLeases { get; } = $"UPDATE {tablePrefix}outbox SET lease_id = NULL, leased_until = NULL WHERE state = {Pending} AND lease_id IS NOT NULL;";

    public string MarkSent { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET state = {Sent}, completed_at = @at, telegram_message_id = @telegram, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending};
        """;

    /// <summary><see cref="MarkSent"/> returning the id when it applied, so a list's marks are told apart.</summary>
    public string MarkSentReturning { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET state = {Sent}, completed_at = @at, telegram_message_id = @telegram, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending}
        RETURNING id;
        """;

    public string Reschedule { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET due_at = @due, last_error = COALESCE(@error, last_error), attempts = attempts + @increment, retry_after_failure = @increment, lease_id = NULL, leased_until = NULL
        WHERE id = @id AND lease_id = @lease AND state = {Pending};
        """;

    public string BringForwardRetries { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET due_at = @now, retry_after_failure = 0
        WHERE state = {Pending} AND retry_after_failure = 1 AND due_at > @now AND (lease_id IS NULL OR leased_until <= @now);
        """;

    public string SaveSendPause { get; } =
        $"""
        INSERT INTO {tablePrefix}send_pause AS p (id, paused_until) VALUES (0, @until)
        ON CONFLICT (id) DO UPDATE SET paused_until = excluded.paused_until WHERE p.paused_until < excluded.paused_until;
        """;

    public string ReadSendPause { get; } = $"SELECT paused_until FROM {tablePrefix}send_pause WHERE id = 0;";

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

    /// <summary>
    /// The criteria of an <see cref="SnsTelegram.Sdk.Storage.OutboxFilter"/> (each parameter null when unset; <c>@noEdits</c> 1 to
    /// leave edits out), with the user's criterion written as <paramref name="userClause"/> so that a user's query uses
    /// the index on <c>(user_id, id)</c>.
    /// </summary>
    private static string FilterClause(string userClause) =>
        $"""
        {userClause}
          AND (@id IS NULL OR id = @id) AND (@state IS NULL OR state = @state)
          AND (@notification IS NULL OR notification_type = @notification)
          AND (@reason IS NULL OR last_error = @reason OR substr(last_error, 1, length(@reason) + 1) = @reason || ':')
          AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
          AND (@noEdits = 0 OR edit_of IS NULL)
        """;

    /// <summary>A page of an outbox query, newest first, below <c>@beforeId</c> when set, for every user.</summary>
    public string QueryMessages { get; } =
        $"SELECT {StoredRows.OutboxColumns} FROM {tablePrefix}outbox WHERE {FilterClause("(@user IS NULL)")} AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit;";

    /// <summary>A page of an outbox query for one user (<c>@user</c>), newest first.</summary>
    public string QueryUserMessages { get; } =
        $"SELECT {StoredRows.OutboxColumns} FROM {tablePrefix}outbox WHERE {FilterClause("user_id = @user")} AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit;";

    public string CountMessages { get; } = $"SELECT state, lane, COUNT(*) FROM {tablePrefix}outbox GROUP BY state, lane ORDER BY state, lane;";

    /// <summary>Puts matching dead letters back: pending, due <c>@now</c>, no attempts, error, completion or lease.</summary>
    public string ResendMessages { get; } =
        $"""
        UPDATE {tablePrefix}outbox SET state = {Pending}, due_at = @now, attempts = 0, last_error = NULL, completed_at = NULL,
            telegram_message_id = NULL, lease_id = NULL, leased_until = NULL
        WHERE state = {DeadLettered} AND {FilterClause("(@user IS NULL OR user_id = @user)")};
        """;

    public string DiscardMessages { get; } =
        $"DELETE FROM {tablePrefix}outbox WHERE state = {DeadLettered} AND {FilterClause("(@user IS NULL OR user_id = @user)")};";

    // the operator's pause of delivery (one row, id 1, while paused)

    public string ReadPause { get; } = $"SELECT paused_by, paused_at, reason FROM {tablePrefix}delivery_pause WHERE id = 1;";

    public string ClearPause { get; } = $"DELETE FROM {tablePrefix}delivery_pause WHERE id = 1;";

    public string WritePause { get; } = $"INSERT INTO {tablePrefix}delivery_pause (id, paused_by, paused_at, reason) VALUES (1, @by, @at, @reason);";

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

    // digests: a user's open window is the newest one not closed whose close time is ahead; adds take the user's row lock

    /// <summary>
    /// Locks the user's open window (so a close waits for this add, and an add waits for a close) and, for a held event,
    /// moves its close to <c>@closes</c> when that is later. Changes nothing for an event already kept.
    /// </summary>
    public string TouchOpenDigestWindow { get; } =
        $"""
        UPDATE {tablePrefix}digest_windows SET closes_at = CASE WHEN @hold = 1 AND closes_at < @closes THEN @closes ELSE closes_at END,
            held = CASE WHEN @hold = 1 THEN {trueLiteral} ELSE held END
        WHERE user_id = @user AND closed_at IS NULL AND closes_at > @now
            AND NOT EXISTS (SELECT 1 FROM {tablePrefix}digest_items WHERE item_key = @key);
        """;

    /// <summary>Opens a window for the user when none is open (and the event is new).</summary>
    public string OpenDigestWindow { get; } =
        $"""
        INSERT INTO {tablePrefix}digest_windows (user_id, opened_at, closes_at, item_count, held)
        SELECT @user, @now, @closes, 0, CASE WHEN @hold = 1 THEN {trueLiteral} ELSE {falseLiteral} END
        WHERE NOT EXISTS (SELECT 1 FROM {tablePrefix}digest_windows WHERE user_id = @user AND closed_at IS NULL AND closes_at > @now)
            AND NOT EXISTS (SELECT 1 FROM {tablePrefix}digest_items WHERE item_key = @key);
        """;

    /// <summary>Keeps the event in the user's open window; returns the window's id when the event is new.</summary>
    public string InsertDigestItem { get; } =
        $"""
        INSERT INTO {tablePrefix}digest_items (window_id, item_key, user_id, notification_type, platform, title, url, failed, created_at)
        SELECT id, @key, @user, @type, @platform, @title, @url, @failed, @created FROM {tablePrefix}digest_windows
        WHERE user_id = @user AND closed_at IS NULL AND closes_at > @now
        ORDER BY id DESC LIMIT 1
        ON CONFLICT (item_key) DO NOTHING
        RETURNING window_id;
        """;

    /// <summary>Counts the events of the window that holds <c>@key</c> again (a close checks the count it rendered).</summary>
    public string CountDigestItems { get; } =
        $"""
        UPDATE {tablePrefix}digest_windows AS w SET item_count = (SELECT COUNT(*) FROM {tablePrefix}digest_items AS i WHERE i.window_id = w.id)
        WHERE w.id IN (SELECT window_id FROM {tablePrefix}digest_items WHERE item_key = @key) AND w.closed_at IS NULL;
        """;

    public string DigestWindowOfItem { get; } = $"SELECT window_id FROM {tablePrefix}digest_items WHERE item_key = @key;";

    public string DueDigestWindows { get; } =
        $"""
        SELECT id, user_id, opened_at, closes_at, item_count, held FROM {tablePrefix}digest_windows
        WHERE closed_at IS NULL AND closes_at <= @now ORDER BY closes_at, id LIMIT @limit;
        """;

    /// <summary>A user's windows not yet closed, whatever their close time (served by <c>ix_digest_windows_open_user</c>).</summary>
    public string OpenDigestWindowsOfUser { get; } =
        $"SELECT id, user_id, opened_at, closes_at, item_count, held FROM {tablePrefix}digest_windows WHERE user_id = @user AND closed_at IS NULL ORDER BY closes_at, id;";

    public string DigestItemsOfWindow { get; } =
        $"SELECT item_key, user_id, notification_type, platform, title, url, failed, created_at FROM {tablePrefix}digest_items WHERE window_id = @id ORDER BY id;";

    /// <summary>Closes the window when it is open and holds <c>@count</c> events, marking it with this close's token.</summary>
    public string CloseDigestWindow { get; } =
        $"UPDATE {tablePrefix}digest_windows SET closed_at = @now, close_token = @token WHERE id = @id AND closed_at IS NULL AND item_count = @count;";

    /// <summary>Enqueues the digest message in the same transaction, only when this close's token closed the window.</summary>
    public string InsertDigestMessage { get; } =
        $"""
        INSERT INTO {tablePrefix}outbox ({NewMessageColumns})
        SELECT {NewMessageValues}
        WHERE EXISTS (SELECT 1 FROM {tablePrefix}digest_windows WHERE id = @id AND close_token = @token)
        ON CONFLICT (idempotency_key) DO NOTHING;
        """;

    /// <summary>Returns a row when this close's token closed the window.</summary>
    public string ClosedByToken { get; } = $"SELECT id FROM {tablePrefix}digest_windows WHERE id = @id AND close_token = @token;";

    public string DigestItemExists { get; } = $"SELECT 1 FROM {tablePrefix}digest_items WHERE item_key = @key;";

    public string PurgeDigestItems { get; } =
        $"DELETE FROM {tablePrefix}digest_items WHERE window_id IN (SELECT id FROM {tablePrefix}digest_windows WHERE closed_at < @before);";

    public string PurgeDigestWindows { get; } = $"DELETE FROM {tablePrefix}digest_windows WHERE closed_at < @before;";

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

    // the activity log's notes (muted and digested notifications)

    /// <summary>The columns of <see cref="StoredRows.ReadNotificationNote"/>.</summary>
    private const string NoteColumns = "id, note_key, kind, user_id, notification_type, created_at, digest_window_id";

    public string InsertNote { get; } =
        $"""
        INSERT INTO {tablePrefix}notification_notes (note_key, kind, user_id, notification_type, created_at, digest_window_id)
        VALUES (@key, @kind, @user, @type, @created, @window)
        ON CONFLICT (kind, note_key) DO NOTHING;
        """;

    /// <summary>A page of one user's notes created at or after <c>@from</c>, below <c>@beforeId</c> when set, newest first.</summary>
    public string QueryUserNotes { get; } =
        $"SELECT {NoteColumns} FROM {tablePrefix}notification_notes WHERE user_id = @user AND created_at >= @from AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit;";

    public string PurgeNotes { get; } = $"DELETE FROM {tablePrefix}notification_notes WHERE created_at < @before;";
}
