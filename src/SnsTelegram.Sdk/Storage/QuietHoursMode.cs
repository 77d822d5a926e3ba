namespace SnsTelegram.Sdk.Storage;

/// <summary>What quiet hours do to a message created in them.</summary>
public enum QuietHoursMode
{
    /// <summary>The message is sent at once, without sound.</summary>
    Silent = 0,

    /// <summary>The message is held and delivered when the quiet hours end, folded into one digest.</summary>
    Hold = 1,
}
