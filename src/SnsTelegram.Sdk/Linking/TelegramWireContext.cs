using System.Text.Json.Serialization;

namespace SnsTelegram.Sdk.Linking;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(LinkAccountResponse))]
[JsonSerializable(typeof(VerifyLinkResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(NotificationsResponse))]
internal sealed partial class TelegramWireContext : JsonSerializerContext;
