using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>Whether delivery is paused for every instance, by whom, since when and why.</summary>
internal sealed record PauseResponse(bool Paused, string? PausedBy, string? PausedAt, string? Reason)
{
    public static PauseResponse From(DeliveryPause? pause) => pause is null
        ? new PauseResponse(false, null, null, null)
        : new PauseResponse(true, pause.PausedBy, WireFormat.Timestamp(pause.PausedAt), pause.Reason);
}
