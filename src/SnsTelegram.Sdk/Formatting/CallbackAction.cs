namespace SnsTelegram.Sdk.Formatting;

/// <summary>What an inline button asks the bot to do.</summary>
internal enum CallbackAction
{
    /// <summary><c>mute:&lt;type&gt;</c>: stop sending this notification type.</summary>
    Mute,

    /// <summary><c>unmute:&lt;type&gt;</c>: send this notification type again.</summary>
    Unmute,

    /// <summary><c>retry:&lt;postId&gt;</c>: retry a failed post.</summary>
    Retry,

    /// <summary><c>stop</c>: turn notifications off for the chat.</summary>
    Stop,

    /// <summary><c>set:...</c>: a button of the <c>/settings</c> menu (navigate, or change one setting).</summary>
    Settings,
}
