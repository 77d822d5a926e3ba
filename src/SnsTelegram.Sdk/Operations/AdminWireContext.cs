using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Operations;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(OutboxResponse))]
[JsonSerializable(typeof(PauseResponse))]
[JsonSerializable(typeof(DeadLettersResponse))]
[JsonSerializable(typeof(ChangedResponse))]
[JsonSerializable(typeof(JobsResponse))]
[JsonSerializable(typeof(JobRunResponse))]
[JsonSerializable(typeof(UserResponse))]
internal sealed partial class AdminWireContext : JsonSerializerContext;
