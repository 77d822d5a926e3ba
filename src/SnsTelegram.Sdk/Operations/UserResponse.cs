namespace SnsTelegram.Sdk.Operations;

/// <summary>The answer of <c>GET users/{id}</c>: the link with its settings (null when the user has none) and recent deliveries.</summary>
internal sealed record UserResponse(string UserId, UserLinkWire? Link, IReadOnlyList<DeliveryWire> RecentDeliveries);
