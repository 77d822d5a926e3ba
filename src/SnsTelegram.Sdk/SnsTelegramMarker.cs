namespace SnsTelegram.Sdk;

/// <summary>Marks the service collection as configured by <c>AddSnsTelegram</c> (checked by <c>MapTelegramEndpoints</c>).</summary>
internal sealed class SnsTelegramMarker;
