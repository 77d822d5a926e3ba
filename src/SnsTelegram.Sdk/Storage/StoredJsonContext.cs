using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Storage;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredMessage))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(SortedDictionary<string, int>))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
