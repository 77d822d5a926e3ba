namespace SnsTelegram.Sdk.Testing;

/// <summary>The point of a location message.</summary>
/// <param name="Latitude">Degrees, -90 to 90.</param>
/// <param name="Longitude">Degrees, -180 to 180.</param>
public sealed record RecordedLocation(double Latitude, double Longitude);
