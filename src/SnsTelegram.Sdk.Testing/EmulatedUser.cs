namespace SnsTelegram.Sdk.Testing;

/// <summary>A simulated Telegram user. Its private chat with the bot has the same id as the user. Every action
/// becomes an update (with an increasing <c>update_id</c>) posted to the bot's webhook or queued for
/// <c>getUpdates</c>; the methods return that update's id once it is queued.</summary>
public sealed class EmulatedUser
{
    private readonly TelegramEmulator _emulator;

    internal EmulatedUser(TelegramEmulator emulator, long id, string firstName, string? lastName, string? username, string languageCode)
    {
        _emulator = emulator;
        Id = id;
        FirstName = firstName;
        LastName = lastName;
        Username = username;
        LanguageCode = languageCode;
    }

    /// <summary>The user id, also the id of the private chat with the bot.</summary>
    public long Id { get; }

    /// <summary>The private chat id (same as <see cref="Id"/>).</summary>
    public long ChatId => Id;

    /// <summary>First name.</summary>
    public string FirstName { get; }

    /// <summary>Last name, or <see langword="null"/>.</summary>
    public string? LastName { get; }

    /// <summary>Username without <c>@</c>, or <see langword="null"/>.</summary>
    public string? Username { get; }

    /// <summary>IETF language tag of the user's client (<c>en</c>, <c>ko</c>, ...).</summary>
    public string LanguageCode { get; }

    /// <summary>Whether the user has blocked the bot.</summary>
    public bool HasBlockedBot => _emulator.GetChatState(Id).BotBlocked;

    /// <summary>Whether the user has started the bot (the bot may write to them).</summary>
    public bool HasStartedBot => _emulator.GetChatState(Id).BotStarted;

    /// <summary>The messages the bot sent to this user (current versions).</summary>
    public IReadOnlyList<RecordedMessage> Messages => _emulator.GetMessages(Id);

    /// <summary>Presses Start in the bot's chat, as after opening <c>https://t.me/&lt;bot&gt;?start=&lt;payload&gt;</c>:
    /// sends <c>/start</c> or <c>/start &lt;payload&gt;</c>. A user who had blocked the bot unblocks it
    /// (a <c>my_chat_member</c> update comes first).</summary>
    /// <param name="payload">The deep-link payload: 1 to 64 characters of <c>A-Za-z0-9_-</c>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for queueing.</param>
    public Task<long> PressStartAsync(string? payload = null, CancellationToken cancellationToken = default)
    {
        if (payload is not null && (payload.Length is 0 or > 64 || !payload.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new ArgumentException("A start payload is 1 to 64 characters of A-Za-z0-9_- (Telegram ignores anything else).", nameof(payload));
        }

        return _emulator.UserPressesStartAsync(this, payload, cancellationToken);
    }

    /// <summary>Sends a text message to the bot. Commands (<c>/status</c>, <c>/help@bot</c>) get <c>bot_command</c> entities.</summary>
    public Task<long> SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return _emulator.UserSendsTextAsync(this, Id, text, cancellationToken);
    }

    /// <summary>
    /// Sends a location message to the bot in this user's chat, as when the user presses a reply keyboard button with
    /// <c>request_location</c> (or attaches a location).
    /// </summary>
    /// <param name="latitude">Degrees, -90 to 90.</param>
    /// <param name="longitude">Degrees, -180 to 180.</param>
    /// <param name="cancellationToken">Cancels the wait for queueing.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range (Telegram clients send none such).</exception>
    public Task<long> ShareLocationAsync(double latitude, double longitude, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "A latitude is from -90 to 90 degrees.");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "A longitude is from -180 to 180 degrees.");
        }

        return _emulator.UserSharesLocationAsync(this, latitude, longitude, cancellationToken);
    }

    /// <summary>Presses an inline button of a bot message in this user's chat (a <c>callback_query</c> update).</summary>
    /// <param name="message">The bot message that carries the button.</param>
    /// <param name="callbackData">The callback data of the button to press.</param>
    /// <param name="cancellationToken">Cancels the wait for queueing.</param>
    /// <exception cref="InvalidOperationException">The message has no button with this callback data.</exception>
    public Task<EmulatedCallbackQuery> PressButtonAsync(RecordedMessage message, string callbackData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(callbackData);
        return _emulator.UserPressesButtonAsync(this, message, callbackData, cancellationToken);
    }

    /// <summary>Blocks the bot: the bot gets a <c>my_chat_member</c> update (status <c>kicked</c>) and later sends
    /// answer 403 <c>Forbidden: bot was blocked by the user</c>.</summary>
    public Task<long> BlockAsync(CancellationToken cancellationToken = default) => _emulator.UserSetsBlockedAsync(this, blocked: true, cancellationToken);

    /// <summary>Unblocks the bot (a <c>my_chat_member</c> update with status <c>member</c>).</summary>
    public Task<long> UnblockAsync(CancellationToken cancellationToken = default) => _emulator.UserSetsBlockedAsync(this, blocked: false, cancellationToken);

    /// <summary>Waits for the next bot message to this user that no earlier wait returned.</summary>
    public Task<RecordedMessage> WaitForMessageAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _emulator.WaitForMessageAsync(Id, timeout, cancellationToken);
}
