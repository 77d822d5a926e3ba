namespace SnsTelegram.Sdk.Testing;

/// <summary>A simulated group with the bot in it. After <see cref="UpgradeToSupergroupAsync"/> its
/// <see cref="Id"/> is the new supergroup's id.</summary>
public sealed class EmulatedGroup
{
    private readonly TelegramEmulator _emulator;
    private long _id;

    internal EmulatedGroup(TelegramEmulator emulator, long id, string title)
    {
        _emulator = emulator;
        _id = id;
        Title = title;
    }

    /// <summary>The current chat id (the supergroup's id after an upgrade).</summary>
    public long Id => Volatile.Read(ref _id);

    /// <summary>The id the group had before its upgrade, or <see langword="null"/>.</summary>
    public long? MigratedFromId { get; private set; }

    /// <summary>Whether the group is a supergroup.</summary>
    public bool IsSupergroup => MigratedFromId is not null;

    /// <summary>The group title.</summary>
    public string Title { get; }

    /// <summary>The messages the bot sent to the group (current chat id).</summary>
    public IReadOnlyList<RecordedMessage> Messages => _emulator.GetMessages(Id);

    /// <summary>A member sends a text message in the group.</summary>
    public Task<long> SendTextAsync(EmulatedUser from, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return _emulator.UserSendsTextAsync(from, Id, text, cancellationToken);
    }

    /// <summary>Upgrades the group to a supergroup with a new id (<c>-100...</c>): the old chat gets a service
    /// message with <c>migrate_to_chat_id</c>, the new one with <c>migrate_from_chat_id</c>, and sends to the old id
    /// answer 400 with <c>parameters.migrate_to_chat_id</c>.</summary>
    /// <returns>The supergroup id.</returns>
    public async Task<long> UpgradeToSupergroupAsync(EmulatedUser? by = null, CancellationToken cancellationToken = default)
    {
        if (IsSupergroup)
        {
            throw new InvalidOperationException("The group is already a supergroup.");
        }

        var oldId = Id;
        var newId = await _emulator.UpgradeGroupAsync(this, oldId, by, cancellationToken).ConfigureAwait(false);
        MigratedFromId = oldId;
        Volatile.Write(ref _id, newId);
        return newId;
    }
}
