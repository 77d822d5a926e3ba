using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

/// <summary>Quiet hours on the wire: <c>{"start":"22:00","end":"07:00"}</c>.</summary>
internal sealed record QuietHoursWire(
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End);
