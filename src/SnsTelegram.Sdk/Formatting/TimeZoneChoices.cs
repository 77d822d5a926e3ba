namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The short, curated list of time zones the bot's <c>/settings</c> offers, by region, with a point for each city so a
/// shared location can be mapped to the nearest one. The ids are IANA ids, which <c>PATCH settings</c> accepts.
/// </summary>
internal static class TimeZoneChoices
{
    /// <summary>The regions, in the order the menu shows them: their key (in callback data) and their zones.</summary>
    public static IReadOnlyList<(string Key, IReadOnlyList<Choice> Zones)> Regions { get; } =
    [
        ("asia",
        [
            new("Asia/Seoul", 37.5665, 126.9780),
            new("Asia/Tokyo", 35.6762, 139.6503),
            new("Asia/Shanghai", 31.2304, 121.4737),
            new("Asia/Singapore", 1.3521, 103.8198),
            new("Asia/Kolkata", 22.5726, 88.3639),
        ]),
        ("europe",
        [
            new("Europe/London", 51.5074, -0.1278),
            new("Europe/Berlin", 52.5200, 13.4050),
            new("Europe/Paris", 48.8566, 2.3522),
            new("Europe/Moscow", 55.7558, 37.6173),
        ]),
        ("america",
        [
            new("America/New_York", 40.7128, -74.0060),
            new("America/Chicago", 41.8781, -87.6298),
            new("America/Denver", 39.7392, -104.9903),
            new("America/Los_Angeles", 34.0522, -118.2437),
            new("America/Sao_Paulo", -23.5505, -46.6333),
        ]),
        ("oceania",
        [
            new("Australia/Sydney", -33.8688, 151.2093),
            new("Pacific/Auckland", -36.8485, 174.7633),
        ]),
    ];

    /// <summary>The zone offered on its own, outside the regions.</summary>
    public const string Utc = "UTC";

    /// <summary>The zones of a region, or null for an unknown key.</summary>
    public static IReadOnlyList<Choice>? ZonesOf(string region) =>
        Regions.FirstOrDefault(r => string.Equals(r.Key, region, StringComparison.Ordinal)).Zones;

    /// <summary>The curated zone whose city is nearest to a point (great-circle distance).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The latitude is not in [-90, 90] or the longitude not in [-180, 180].</exception>
    public static Choice Nearest(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "A latitude is from -90 to 90 degrees.");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "A longitude is from -180 to 180 degrees.");
        }

        return Regions.SelectMany(r => r.Zones).MinBy(z => Distance(latitude, longitude, z.Latitude, z.Longitude))!;
    }

    /// <summary>The central angle between two points (haversine), in radians: enough to compare distances.</summary>
    private static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        const double ToRadians = Math.PI / 180;
        var dLat = (lat2 - lat1) * ToRadians;
        var dLon = (lon2 - lon1) * ToRadians;
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(lat1 * ToRadians) * Math.Cos(lat2 * ToRadians) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>One zone of the menu: its IANA id and the point of its city.</summary>
    internal sealed record Choice(string ZoneId, double Latitude, double Longitude)
    {
        /// <summary>The city's name as the menu shows it: the last part of the id, with spaces (<c>Los Angeles</c>).</summary>
        public string City => ZoneId[(ZoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');
    }
}
