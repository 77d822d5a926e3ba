using System.Data.Common;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Reads the rows every database provider stores, in the column order each provider selects them (given with each
/// method). Small integers are read with <c>GetInt32</c> and flags with <c>GetBoolean</c>, which SQLite's INTEGER and
/// PostgreSQL's integer and boolean columns both answer.
/// </summary>
internal static class StoredRows
{
    public const int OutboxPending = 0;
    public const int OutboxSent = 1;
    public const int OutboxDeadLettered = 2;

    public const int TokenActive = 0;
    public const int TokenUsed = 1;
    public const int TokenRetired = 2;

    /// <summary>The columns of <see cref="ReadOutboxMessage"/>.</summary>
    public const string OutboxColumns =
        "id, idempotency_key, user_id, chat_id_cipher, chat_type, notification_type, message, created_at, due_at, state, attempts, last_error, completed_at, telegram_message_id, edit_of, lane, trace_parent, trace_state, platform";

    /// <summary>How many columns <see cref="OutboxColumns"/> names (a statement's next column comes at this index).</summary>
    public const int OutboxColumnCount = 19;

    /// <summary>The columns of <see cref="ReadChatLink"/>.</summary>
    public const string ChatLinkColumns =
        "user_id, chat_id_cipher, chat_type, enabled, linked_at, disabled_reason, language, time_zone, daily_report_time, muted_types, quiet_start, quiet_end, quiet_mode, quiet_days, quiet_urgent_bypass, digest_minutes, digest_types, forum_topics";

    /// <summary>The columns of <see cref="ReadLinkToken"/>.</summary>
    public const string LinkTokenColumns = "token_hash, kind, user_id, chat_id_cipher, chat_type, language, created_at, expires_at, state";

    /// <summary>The columns of <see cref="ReadUnreadableUpdate"/>.</summary>
    public const string UnreadableUpdateColumns = "update_id, source, reason, body, truncated, received_at";

    public static UnreadableUpdate ReadUnreadableUpdate(DbDataReader reader) => new(
        StoredValues.NullableInt64(reader, 0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetBoolean(4),
        StoredValues.Instant(reader, 5));

    public static int TokenKind(LinkTokenKind kind) => kind switch
    {
        LinkTokenKind.DeepLink => 0,
        LinkTokenKind.ChatCode => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };

    /// <summary>An outbox message, its chat id decrypted with <paramref name="keys"/> (see <see cref="ChatIdRow{T}"/>).</summary>
    public static ChatIdRow<OutboxMessage> ReadOutboxMessage(DbDataReader reader, ChatIdKeys keys)
    {
        var (chatId, pending) = ChatId(reader, 3, keys);
        return new(OutboxMessageOf(reader, chatId ?? 0), pending);
    }

    /// <summary>The state stored as <paramref name="code"/>.</summary>
    public static OutboxState OutboxStateOf(int code) => code switch
    {
        OutboxPending => OutboxState.Pending,
        OutboxSent => OutboxState.Sent,
        _ => OutboxState.DeadLettered,
    };

    /// <summary>The code <paramref name="state"/> is stored as.</summary>
    public static int OutboxStateCode(OutboxState state) => state switch
    {
        OutboxState.Pending => OutboxPending,
        OutboxState.Sent => OutboxSent,
        OutboxState.DeadLettered => OutboxDeadLettered,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown outbox state."),
    };

    private static OutboxMessage OutboxMessageOf(DbDataReader reader, long chatId) => new()
    {
        Id = reader.GetInt64(0),
        IdempotencyKey = reader.GetString(1),
        UserId = reader.GetString(2),
        ChatId = chatId,
        ChatType = StoredValues.ChatType(reader.GetInt32(4)),
        NotificationType = reader.GetString(5),
        Message = StoredJson.DeserializeMessage(reader.GetString(6)),
        CreatedAt = StoredValues.Instant(reader, 7),
        DueAt = StoredValues.Instant(reader, 8),
        State = OutboxStateOf(reader.GetInt32(9)),
        Attempts = reader.GetInt32(10),
        LastError = StoredValues.NullableString(reader, 11),
        CompletedAt = StoredValues.NullableInstant(reader, 12),
        TelegramMessageId = StoredValues.NullableInt64(reader, 13),
        EditOf = StoredValues.NullableString(reader, 14),
        Lane = reader.GetInt32(15) switch
        {
            0 => DeliveryLane.Urgent,
            2 => DeliveryLane.Bulk,
            _ => DeliveryLane.Normal,
        },
        TraceParent = StoredValues.NullableString(reader, 16),
        TraceState = StoredValues.NullableString(reader, 17),
        Platform = StoredValues.NullableString(reader, 18),
    };

    /// <summary>A chat link, its chat id decrypted with <paramref name="keys"/> (see <see cref="ChatIdRow{T}"/>).</summary>
    public static ChatIdRow<ChatLink> ReadChatLink(DbDataReader reader, ChatIdKeys keys)
    {
        var (chatId, pending) = ChatId(reader, 1, keys);
        return new(ChatLinkOf(reader, chatId ?? 0), pending);
    }

    private static ChatLink ChatLinkOf(DbDataReader reader, long chatId) => new()
    {
        UserId = reader.GetString(0),
        ChatId = chatId,
        ChatType = StoredValues.ChatType(reader.GetInt32(2)),
        Enabled = reader.GetBoolean(3),
        LinkedAt = StoredValues.Instant(reader, 4),
        DisabledReason = StoredValues.NullableString(reader, 5),
        Language = StoredValues.NullableString(reader, 6),
        TimeZone = StoredValues.NullableString(reader, 7),
        DailyReportTime = reader.IsDBNull(8) ? null : new TimeOnly(reader.GetInt64(8)),
        MutedTypes = StoredJson.DeserializeSet(StoredValues.NullableString(reader, 9)),
        QuietHours = reader.IsDBNull(10) || reader.IsDBNull(11)
            ? null
            : new QuietHours(new TimeOnly(reader.GetInt64(10)), new TimeOnly(reader.GetInt64(11)))
            {
                Mode = reader.GetInt32(12) == 1 ? QuietHoursMode.Hold : QuietHoursMode.Silent,
                Days = (WeekDays)(reader.GetInt32(13) & (int)WeekDays.All),
                UrgentBypass = reader.GetBoolean(14),
            },
        DigestMinutes = reader.GetInt32(15),
        DigestTypes = reader.IsDBNull(16) ? null : StoredJson.DeserializeSet(reader.GetString(16)),
        ForumTopics = StoredJson.DeserializeTopics(StoredValues.NullableString(reader, 17)),
    };

    /// <summary>A link token, its chat id (if any) decrypted with <paramref name="keys"/> (see <see cref="ChatIdRow{T}"/>).</summary>
    public static ChatIdRow<LinkTokenRecord> ReadLinkToken(DbDataReader reader, ChatIdKeys keys)
    {
        var (chatId, pending) = reader.IsDBNull(3) ? (null, null) : ChatId(reader, 3, keys);
        return new(LinkTokenOf(reader, chatId), pending);
    }

    private static LinkTokenRecord LinkTokenOf(DbDataReader reader, long? chatId) => new()
    {
        TokenHash = reader.GetString(0),
        Kind = reader.GetInt32(1) == 0 ? LinkTokenKind.DeepLink : LinkTokenKind.ChatCode,
        UserId = StoredValues.NullableString(reader, 2),
        ChatId = chatId,
        ChatType = reader.IsDBNull(4) ? null : StoredValues.ChatType(reader.GetInt32(4)),
        Language = StoredValues.NullableString(reader, 5),
        CreatedAt = StoredValues.Instant(reader, 6),
        ExpiresAt = StoredValues.Instant(reader, 7),
        State = reader.GetInt32(8) switch
        {
            TokenActive => LinkTokenState.Active,
            TokenUsed => LinkTokenState.Used,
            _ => LinkTokenState.Retired,
        },
    };

    /// <summary>The chat id at <paramref name="ordinal"/> decrypted, or (when its key is not among <paramref name="keys"/>) the encrypted value.</summary>
    private static (long? ChatId, string? Pending) ChatId(DbDataReader reader, int ordinal, ChatIdKeys keys)
    {
        var value = reader.GetString(ordinal);
        return keys.TryUnprotect(value, out var chatId) ? (chatId, null) : (null, value);
    }

    /// <summary>A note from the columns <c>id, note_key, kind, user_id, notification_type, created_at, digest_window_id</c>.</summary>
    public static NotificationNote ReadNotificationNote(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Key = reader.GetString(1),
        Kind = reader.GetInt32(2) == 1 ? NotificationNoteKind.Digested : NotificationNoteKind.Muted,
        UserId = reader.GetString(3),
        NotificationType = reader.GetString(4),
        CreatedAt = StoredValues.Instant(reader, 5),
        DigestWindowId = StoredValues.NullableInt64(reader, 6),
    };

    public static int JobOutcomeValue(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => 0,
        JobOutcome.Failed => 1,
        JobOutcome.Canceled => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown job outcome."),
    };

    /// <summary>A run of <paramref name="jobId"/> from the columns <c>occurrence, owner, started_at, duration, outcome, error</c>.</summary>
    public static JobRunRecord ReadJobRun(string jobId, DbDataReader reader) => new(
        jobId,
        StoredValues.Instant(reader, 0),
        reader.GetString(1),
        StoredValues.Instant(reader, 2),
        TimeSpan.FromTicks(reader.GetInt64(3)),
        reader.GetInt32(4) switch
        {
            0 => JobOutcome.Succeeded,
            1 => JobOutcome.Failed,
            _ => JobOutcome.Canceled,
        },
        StoredValues.NullableString(reader, 5));
}
