using System.Globalization;

namespace SnsTelegram.Sdk;

/// <summary>How times look on the wire (the account endpoints and the admin endpoints).</summary>
internal static class WireFormat
{
    /// <summary>UTC, to the second, with a <c>Z</c>: <c>2026-02-26T10:30:00Z</c>.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>HH:mm</c>.</summary>
    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
