using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// The <c>callback_data</c> of the bot's inline buttons, written by the formatters and read by the update handlers:
/// <c>mute:&lt;type&gt;</c>, <c>unmute:&lt;type&gt;</c>, <c>retry:&lt;postId&gt;</c>, <c>stop</c> and the <c>/settings</c> menu's
/// <c>set:&lt;screen&gt;</c> and <c>set:&lt;setting&gt;=&lt;value&gt;</c> (<see cref="SettingsMenu"/>). Telegram allows 1 to 64 bytes.
/// </summary>
internal static class CallbackData
{
    /// <summary>Telegram's limit on callback data, in UTF-8 bytes.</summary>
    public const int MaxBytes = 64;

    /// <summary>Prefix of "mute this notification type".</summary>
    public const string MutePrefix = "mute:";

    /// <summary>Prefix of "unmute this notification type".</summary>
    public const string UnmutePrefix = "unmute:";

    /// <summary>Prefix of "retry this failed post".</summary>
    public const string RetryPrefix = "retry:";

    /// <summary>Prefix of the <c>/settings</c> menu's buttons (<see cref="SettingsMenu"/>).</summary>
    public const string SettingsPrefix = "set:";

    /// <summary>"Stop all notifications for this chat".</summary>
    public const string Stop = "stop";

    /// <summary><c>mute:&lt;type&gt;</c> for a type of <see cref="NotificationTypes"/>.</summary>
    /// <exception cref="ArgumentException">The type is not a known notification type.</exception>
    public static string Mute(string type) => MutePrefix + KnownType(type);

    /// <summary><c>unmute:&lt;type&gt;</c> for a type of <see cref="NotificationTypes"/>.</summary>
    /// <exception cref="ArgumentException">The type is not a known notification type.</exception>
    public static string Unmute(string type) => UnmutePrefix + KnownType(type);

    /// <summary><c>retry:&lt;postId&gt;</c>, or false when the post id is empty or the data would exceed 64 bytes.</summary>
    public static bool TryCreateRetry(string? postId, [NotNullWhen(true)] out string? data)
    {
        data = null;
        if (string.IsNullOrEmpty(postId) || Encoding.UTF8.GetByteCount(postId) > MaxBytes - RetryPrefix.Length)
        {
            return false;
        }

        data = RetryPrefix + postId;
        return true;
    }

    /// <summary><c>set:&lt;action&gt;</c> for a button of the <c>/settings</c> menu.</summary>
    /// <exception cref="ArgumentException">The data would be empty or exceed 64 bytes.</exception>
    public static string Settings(string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        var data = SettingsPrefix + action;
        if (Encoding.UTF8.GetByteCount(data) > MaxBytes)
        {
            throw new ArgumentException($"Callback data '{data}' exceeds {MaxBytes} bytes.", nameof(action));
        }

        return data;
    }

    /// <summary>Reads callback data written by <see cref="Mute"/>, <see cref="Unmute"/>, <see cref="TryCreateRetry"/>, <see cref="Settings"/> or <see cref="Stop"/>.</summary>
    public static bool TryParse(string? data, out CallbackCommand command)
    {
        command = default;
        if (string.IsNullOrEmpty(data) || Encoding.UTF8.GetByteCount(data) > MaxBytes)
        {
            return false;
        }

        if (data == Stop)
        {
            command = new CallbackCommand(CallbackAction.Stop, null);
            return true;
        }

        if (data.StartsWith(MutePrefix, StringComparison.Ordinal) && IsKnownType(data.AsSpan(MutePrefix.Length), out var muted))
        {
            command = new CallbackCommand(CallbackAction.Mute, muted);
            return true;
        }

        if (data.StartsWith(UnmutePrefix, StringComparison.Ordinal) && IsKnownType(data.AsSpan(UnmutePrefix.Length), out var unmuted))
        {
            command = new CallbackCommand(CallbackAction.Unmute, unmuted);
            return true;
        }

        if (data.StartsWith(SettingsPrefix, StringComparison.Ordinal) && data.Length > SettingsPrefix.Length)
        {
            command = new CallbackCommand(CallbackAction.Settings, data[SettingsPrefix.Length..]);
            return true;
        }

        if (data.StartsWith(RetryPrefix, StringComparison.Ordinal) && data.Length > RetryPrefix.Length)
        {
            command = new CallbackCommand(CallbackAction.Retry, data[RetryPrefix.Length..]);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The key under which a button's action is recorded as done (<see cref="Storage.IProcessedUpdateStore.TryMarkButtonActionAsync"/>):
    /// one per chat, message and callback data, so pressing the same button twice, or Telegram delivering the press
    /// twice, runs the action once. Only <c>retry:</c> is recorded: it asks the app to act again, while mute, unmute and
    /// stop set the chat's state and may be pressed again later (after <c>/start</c> or a change of settings in the app)
    /// to set it again. The only place the key is derived; it holds a chat id, so it may become a keyed hash.
    /// </summary>
    /// <param name="chatId">The chat of the message that carries the button.</param>
    /// <param name="messageId">That message's id.</param>
    /// <param name="data">The button's callback data (at most <see cref="MaxBytes"/> bytes).</param>
    public static string ActionKey(long chatId, int messageId, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{chatId}:{messageId}:{data}");
    }

    private static string KnownType(string type)
    {
        if (!IsKnownType(type, out var known))
        {
            throw new ArgumentException(
                $"Unknown notification type '{type}'; known types: {string.Join(", ", NotificationTypes.All)}.", nameof(type));
        }

        return known;
    }

    private static bool IsKnownType(ReadOnlySpan<char> type, [NotNullWhen(true)] out string? known)
    {
        foreach (var candidate in NotificationTypes.All)
        {
            if (type.SequenceEqual(candidate))
            {
                known = candidate;
                return true;
            }
        }

        known = null;
        return false;
    }
}
