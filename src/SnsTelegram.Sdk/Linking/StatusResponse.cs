using System.Globalization;
using System.Text.Json.Serialization;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

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

    [JsonPropertyName("digest_minutes")]
    public int DigestMinutes { get; init; }

    [JsonPropertyName("digest_types")]
    public IReadOnlyList<string> DigestTypes { get; init; } = [];

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
            QuietHours = link.QuietHours is { } quiet ? QuietHoursWire.From(quiet) : null,
            DigestMinutes = link.DigestMinutes,
            DigestTypes = SettingsPatch.DigestibleTypes.Where((link.DigestTypes ?? ChatLink.DigestTypesDefault).Contains).ToArray(),
        };
}
