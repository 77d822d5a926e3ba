namespace SnsTelegram.Sdk.Testing;

/// <summary>A simulated group with the bot in it. After <see cref="UpgradeToSupergroupAsync"/> its
/// <see cref="Id"/> is the new supergroup's id.</summary>
public sealed class EmulatedGroup
{
    private readonly TelegramEmulator _emulator;
    private long _id;

    private readonly bool _createdAsSupergroup;

    internal EmulatedGroup(TelegramEmulator emulator, long id, string title, bool supergroup = false, bool forum = false)
    {
        _emulator = emulator;
        _id = id;
        Title = title;
        _createdAsSupergroup = supergroup;
        IsForum = forum;
    }

    /// <summary>The current chat id (the supergroup's id after an upgrade).</summary>
    public long Id => Volatile.Read(ref _id);

    /// <summary>The id the group had before its upgrade, or <see langword="null"/>.</summary>
    public long? MigratedFromId { get; private set; }

    /// <summary>Whether the group is a supergroup.</summary>
    public bool IsSupergroup => _createdAsSupergroup || MigratedFromId is not null;

    /// <summary>Whether the group is a forum supergroup (<c>is_forum</c>): its messages go to topics.</summary>
    public bool IsForum { get; }

    /// <summary>Whether the bot is in the group (false after <see cref="RemoveBotAsync"/>, true again after <see cref="AddBotAsync"/>).</summary>
    public bool HasBot => _emulator.GroupHasBot(Id);

    /// <summary>A forum's topics (<c>message_thread_id</c> → name), the ones the bot created included. The General topic
    /// is not listed: a message sent without <c>message_thread_id</c> goes there.</summary>
    public IReadOnlyDictionary<int, string> Topics => _emulator.GetTopics(Id);

    /// <summary>A member deletes a forum topic: sends to it then answer 400 <c>message thread not found</c>.</summary>
    /// <returns>False when there was no such topic.</returns>
    public bool DeleteTopic(int messageThreadId) => _emulator.DeleteTopic(Id, messageThreadId);

    /// <summary>Sets a person's status in the group, as <c>getChatMember</c> answers it. A person who sends a message in
    /// the group becomes a <see cref="EmulatedMemberStatus.Member"/> unless their status was set.</summary>
    public void SetMember(EmulatedUser user, EmulatedMemberStatus status)
    {
        ArgumentNullException.ThrowIfNull(user);
        _emulator.SetGroupMember(Id, user, status);
    }

    /// <summary>
    /// A member adds the bot through <c>https://t.me/&lt;bot&gt;?startgroup=&lt;payload&gt;</c>: when the bot was not in the
    /// group, a <c>my_chat_member</c> update (<c>left</c> → <c>member</c>) comes first; then the group sends
    /// <c>/start@&lt;bot&gt; &lt;payload&gt;</c> from that member, as Telegram does.
    /// </summary>
    /// <returns>The update id of the <c>/start</c> message.</returns>
    public Task<long> AddBotAsync(EmulatedUser by, string? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return _emulator.UserAddsBotToGroupAsync(by, Id, payload, cancellationToken);
    }

    /// <summary>
    /// A member removes the bot from the group: a <c>my_chat_member</c> update (<c>member</c> → <c>left</c>); from then on
    /// sends to the group answer 403 <c>Forbidden: bot was kicked from the group chat</c>.
    /// </summary>
    /// <returns>The update id.</returns>
    public Task<long> RemoveBotAsync(EmulatedUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return _emulator.UserRemovesBotFromGroupAsync(by, Id, cancellationToken);
    }

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
