namespace SnsTelegram.Sdk.Testing;

/// <summary>The data of <see cref="TelegramEmulator.MessageRecorded"/>.</summary>
/// <param name="message">The new state of the message.</param>
public sealed class RecordedMessageEventArgs(RecordedMessage message) : EventArgs
{
    /// <summary>The message as now recorded (sent, edited or deleted).</summary>
    public RecordedMessage Message { get; } = message;
}
