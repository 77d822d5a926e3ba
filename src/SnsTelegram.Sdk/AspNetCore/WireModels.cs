using System.Globalization;
using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk;

/// <summary>The error envelope of every endpoint: <c>{"status":"error","message":"..."}</c>.</summary>
internal sealed record ErrorResponse([property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "error";
}

/// <summary><c>{"status":"success","message":"..."}</c>.</summary>
internal sealed record SuccessResponse([property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}

/// <summary>The answer of <c>GET link-account</c>.</summary>
internal sealed record LinkAccountResponse(
    [property: JsonPropertyName("linking_url")] string LinkingUrl,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("bot_username")] string BotUsername,
    [property: JsonPropertyName("expires_at")] string ExpiresAt)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}

/// <summary>The answer of <c>POST verify-link</c>.</summary>
internal sealed record VerifyLinkResponse(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("telegram_chat_id")] string TelegramChatId,
    [property: JsonPropertyName("linked_at")] string LinkedAt)
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "success";
}

/// <summary>Quiet hours on the wire: <c>{"start":"22:00","end":"07:00"}</c>.</summary>
internal sealed record QuietHoursWire(
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End);

/// <summary>The answer of <c>GET status</c> (and of <c>PATCH settings</c>).</summary>
internal sealed record StatusResponse
{
    [JsonPropertyName("telegram_enabled")]
    public bool TelegramEnabled { get; init; }

    [JsonPropertyName("telegram_chat_id")]
    public string? TelegramChatId { get; init; }

    [JsonPropertyName("linked_at")]
    public string? LinkedAt { get; init; }

    [JsonPropertyName("linked")]
    public bool Linked { get; init; }

    [JsonPropertyName("chat_type")]
    public string? ChatType { get; init; }

    [JsonPropertyName("disabled_reason")]
    public string? DisabledReason { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    [JsonPropertyName("time_zone")]
    public string? TimeZone { get; init; }

    [JsonPropertyName("daily_report_time")]
    public string? DailyReportTime { get; init; }

    [JsonPropertyName("muted_types")]
    public IReadOnlyList<string> MutedTypes { get; init; } = [];

    [JsonPropertyName("quiet_hours")]
    public QuietHoursWire? QuietHours { get; init; }

    public static StatusResponse From(ChatLink? link, SnsTelegramOptions options) => link is null
        ? new StatusResponse()
        : new StatusResponse
        {
            TelegramEnabled = link.Enabled,
            TelegramChatId = link.ChatId.ToString(CultureInfo.InvariantCulture),
            LinkedAt = WireFormat.Timestamp(link.LinkedAt),
            Linked = true,
            ChatType = LinkingMetrics.ChatTypeName(link.ChatType),
            DisabledReason = link.Enabled ? null : link.DisabledReason,
            Language = link.Language ?? options.DefaultLanguage,
            TimeZone = link.TimeZone ?? options.DefaultTimeZone,
            DailyReportTime = link.DailyReportTime is { } time ? WireFormat.Time(time) : null,
            MutedTypes = link.MutedTypes.Order(StringComparer.Ordinal).ToArray(),
            QuietHours = link.QuietHours is { } quiet ? new QuietHoursWire(WireFormat.Time(quiet.Start), WireFormat.Time(quiet.End)) : null,
        };
}

/// <summary>How times look on the wire.</summary>
internal static class WireFormat
{
    /// <summary>UTC, to the second, with a <c>Z</c>: <c>2026-02-26T10:30:00Z</c>.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>HH:mm</c>.</summary>
    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(LinkAccountResponse))]
[JsonSerializable(typeof(VerifyLinkResponse))]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class TelegramWireContext : JsonSerializerContext;
