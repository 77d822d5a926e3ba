namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// Chat links kept in memory (the default store; lost when the process stops). Thread-safe: one lock guards
/// the links, an index by chat and an ordered set of enabled user ids for keyset paging.
/// </summary>
internal sealed class InMemoryChatLinkStore : IChatLinkStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatLink> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> _byChat = [];
    private readonly SortedSet<string> _enabled = new(StringComparer.Ordinal);

    public ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_byUser.GetValueOrDefault(userId));
        }
    }

    public ValueTask<IReadOnlyDictionary<string, ChatLink>> GetManyAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserIds(userIds);
        cancellationToken.ThrowIfCancellationRequested();
        var links = new Dictionary<string, ChatLink>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var userId in userIds)
            {
                if (_byUser.TryGetValue(userId, out var link))
                {
                    links[userId] = link;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, ChatLink>>(links);
    }

    public ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byChat.TryGetValue(chatId, out var users))
            {
                return ValueTask.FromResult<IReadOnlyList<ChatLink>>([]);
            }

            var links = new List<ChatLink>(users.Count);
            foreach (var user in users)
            {
                links.Add(_byUser[user]);
            }

            links.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
            return ValueTask.FromResult<IReadOnlyList<ChatLink>>(links);
        }
    }

    public ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Snapshot(link);
        lock (_gate)
        {
            List<string>? removed = null;
            if (exclusiveChat && _byChat.TryGetValue(link.ChatId, out var users))
            {
                foreach (var other in users)
                {
                    if (!string.Equals(other, link.UserId, StringComparison.Ordinal))
                    {
                        (removed ??= []).Add(other);
                    }
                }

                if (removed is not null)
                {
                    removed.Sort(StringComparer.Ordinal);
                    foreach (var other in removed)
                    {
                        RemoveUnlocked(other);
                    }
                }
            }

            RemoveUnlocked(link.UserId);
            AddUnlocked(stored);
            return ValueTask.FromResult<IReadOnlyList<string>>(removed ?? (IReadOnlyList<string>)[]);
        }
    }

    public ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default)
    {
        StoreArguments.Link(link);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Snapshot(link);
        lock (_gate)
        {
            if (!RemoveUnlocked(link.UserId))
            {
                return ValueTask.FromResult(false);
            }

            AddUnlocked(stored);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(RemoveUnlocked(userId));
        }
    }

    public ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reason = enabled ? null : disabledReason;
        lock (_gate)
        {
            if (!_byChat.TryGetValue(chatId, out var users))
            {
                return ValueTask.FromResult(0);
            }

            var changed = 0;
            foreach (var user in users)
            {
                var link = _byUser[user];
                if (link.Enabled == enabled && string.Equals(link.DisabledReason, reason, StringComparison.Ordinal))
                {
                    continue;
                }

                _byUser[user] = link with { Enabled = enabled, DisabledReason = reason };
                if (enabled)
                {
                    _enabled.Add(user);
                }
                else
                {
                    _enabled.Remove(user);
                }

                changed++;
            }

            return ValueTask.FromResult(changed);
        }
    }

    public ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (fromChatId == toChatId)
        {
            return ValueTask.FromResult(0);
        }

        lock (_gate)
        {
            if (!_byChat.Remove(fromChatId, out var users))
            {
                return ValueTask.FromResult(0);
            }

            if (!_byChat.TryGetValue(toChatId, out var target))
            {
                target = new HashSet<string>(StringComparer.Ordinal);
                _byChat[toChatId] = target;
            }

            foreach (var user in users)
            {
                _byUser[user] = ChatLinkMigration.Migrate(_byUser[user], toChatId);
                target.Add(user);
            }

            return ValueTask.FromResult(users.Count);
        }
    }

    public ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var page = new List<ChatLink>(Math.Min(limit, _enabled.Count));
            if (_enabled.Count == 0)
            {
                return ValueTask.FromResult<IReadOnlyList<ChatLink>>(page);
            }

            IEnumerable<string> candidates;
            if (afterUserId is null)
            {
                candidates = _enabled;
            }
            else if (string.CompareOrdinal(afterUserId, _enabled.Max) >= 0)
            {
                return ValueTask.FromResult<IReadOnlyList<ChatLink>>(page);
            }
            else
            {
                candidates = _enabled.GetViewBetween(afterUserId, _enabled.Max!);
            }

            foreach (var user in candidates)
            {
                if (afterUserId is not null && string.CompareOrdinal(user, afterUserId) <= 0)
                {
                    continue;
                }

                page.Add(_byUser[user]);
                if (page.Count == limit)
                {
                    break;
                }
            }

            return ValueTask.FromResult<IReadOnlyList<ChatLink>>(page);
        }
    }

    private static ChatLink Snapshot(ChatLink link) =>
        link with { MutedTypes = new HashSet<string>(link.MutedTypes, StringComparer.Ordinal) };

    private void AddUnlocked(ChatLink link)
    {
        _byUser[link.UserId] = link;
        if (!_byChat.TryGetValue(link.ChatId, out var users))
        {
            users = new HashSet<string>(StringComparer.Ordinal);
            _byChat[link.ChatId] = users;
        }

        users.Add(link.UserId);
        if (link.Enabled)
        {
            _enabled.Add(link.UserId);
        }
    }

    private bool RemoveUnlocked(string userId)
    {
        if (!_byUser.Remove(userId, out var old))
        {
            return false;
        }

        if (_byChat.TryGetValue(old.ChatId, out var users))
        {
            users.Remove(userId);
            if (users.Count == 0)
            {
                _byChat.Remove(old.ChatId);
            }
        }

        _enabled.Remove(userId);
        return true;
    }
}
