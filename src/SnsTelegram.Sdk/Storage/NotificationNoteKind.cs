namespace SnsTelegram.Sdk.Storage;

/// <summary>Why a notification has a <see cref="NotificationNote"/> instead of an outbox message of its own.</summary>
public enum NotificationNoteKind
{
    /// <summary>The user muted the notification's type: nothing was sent.</summary>
    Muted,

    /// <summary>The notification went into a digest window (<see cref="NotificationNote.DigestWindowId"/>), sent as one message when it closes.</summary>
    Digested,
}
