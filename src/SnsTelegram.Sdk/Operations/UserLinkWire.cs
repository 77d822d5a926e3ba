using System.Globalization;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>A user's link and settings in <c>GET users/{id}</c>.</summary>
internal sealed record UserLinkWire(
    string ChatId,
    string ChatType,
    bool Enabled,
    string? DisabledReason,
    string LinkedAt,
    string? Language,
    string? TimeZone,
    string? DailyReportTime,
    IReadOnlyList<string> MutedTypes,
    string? QuietHoursStart,
    string? QuietHoursEnd)
{
    public static UserLinkWire From(ChatLink link) => new(
        link.ChatId.ToString(CultureInfo.InvariantCulture),
        AdminNames.ChatType(link.ChatType),
        link.Enabled,
        link.DisabledReason,
        WireFormat.Timestamp(link.LinkedAt),
        link.Language,
        link.TimeZone,
        link.DailyReportTime is { } time ? WireFormat.Time(time) : null,
        link.MutedTypes.Order(StringComparer.Ordinal).ToArray(),
        link.QuietHours is { } quiet ? WireFormat.Time(quiet.Start) : null,
        link.QuietHours is { } quietEnd ? WireFormat.Time(quietEnd.End) : null);
}
