namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Stores users' links to chats. A user has at most one link; a group chat may serve several users
/// (a team), a private chat one (linking it to another account moves it).
/// </summary>
public interface IChatLinkStore
{
    /// <summary>The user's link, or null.</summary>
    ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The links of many users at once, by user id; a user with no link is left out, and a user id given twice is looked
    /// up once. An empty list answers an empty dictionary.
    /// </summary>
    /// <remarks>The default calls <see cref="GetAsync"/> once per user. A provider overrides it to read many users in one query, as the built-in ones do.</remarks>
    /// <exception cref="ArgumentException">The list is null or holds an empty user id (see <see cref="StoreArguments.UserIds"/>).</exception>
    async ValueTask<IReadOnlyDictionary<string, ChatLink>> GetManyAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserIds(userIds);
        var links = new Dictionary<string, ChatLink>(StringComparer.Ordinal);
        foreach (var userId in userIds)
        {
            if (!links.ContainsKey(userId) && await GetAsync(userId, cancellationToken).ConfigureAwait(false) is { } link)
            {
                links[userId] = link;
            }
        }

        return links;
    }

    /// <summary>The links to one chat.</summary>
    ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="link"/> as the user's link, replacing the user's previous one. When
    /// <paramref name="exclusiveChat"/> is true, other users' links to the same chat are removed.
    /// </summary>
    /// <returns>The ids of the users whose links to that chat were removed.</returns>
    ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default);

    /// <summary>Replaces the settings of an existing link (matched by user id); false when the user has no link.</summary>
    ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default);

    /// <summary>Removes the user's link; false when there was none.</summary>
    ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Turns every link to a chat on or off; returns how many links changed.</summary>
    ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default);

    /// <summary>Moves every link from one chat id to another (a group became a supergroup); returns how many moved.</summary>
    ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default);

    /// <summary>Enabled links in ascending ordinal order of user id, after <paramref name="afterUserId"/> (null: from the start), at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default);
}
