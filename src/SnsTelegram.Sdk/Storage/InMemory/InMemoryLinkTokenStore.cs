namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// Link tokens kept in memory (the default store). Thread-safe under one lock; every operation is O(1) or
/// O(log n) except <see cref="PurgeAsync"/>, which walks the tokens.
/// </summary>
internal sealed class InMemoryLinkTokenStore : ILinkTokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkTokenRecord> _tokens = new(StringComparer.Ordinal);

    // the one active token of each owner (user id for deep links, chat id for chat codes)
    private readonly Dictionary<string, string> _activeByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _activeByChat = [];

    // creation instants (UTC ticks, sorted) of each user's stored deep-link tokens, for the issuance rate limit
    private readonly Dictionary<string, List<long>> _issuedByUser = new(StringComparer.Ordinal);

    public ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default)
    {
        StoreArguments.Token(token);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_tokens.TryAdd(token.TokenHash, token))
            {
                throw new InvalidOperationException("A link token with the same hash is stored already.");
            }

            if (token.Kind == LinkTokenKind.DeepLink)
            {
                var user = token.UserId!;
                if (_activeByUser.TryGetValue(user, out var older))
                {
                    Retire(older);
                }

                _activeByUser[user] = token.TokenHash;
                if (!_issuedByUser.TryGetValue(user, out var issued))
                {
                    issued = [];
                    _issuedByUser[user] = issued;
                }

                InsertSorted(issued, token.CreatedAt.UtcTicks);
            }
            else
            {
                var chat = token.ChatId!.Value;
                if (_activeByChat.TryGetValue(chat, out var older))
                {
                    Retire(older);
                }

                _activeByChat[chat] = token.TokenHash;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_tokens.TryGetValue(tokenHash, out var token) || token.Kind != kind)
            {
                return ValueTask.FromResult(new LinkTokenConsumeResult(LinkTokenConsumeStatus.NotFound, null));
            }

            var status = LinkTokenRules.StatusOf(token, now);
            if (status == LinkTokenConsumeStatus.Consumed)
            {
                _tokens[tokenHash] = token with { State = LinkTokenState.Used };
                ForgetActive(token);
            }

            return ValueTask.FromResult(new LinkTokenConsumeResult(status, token));
        }
    }

    public ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        StoreArguments.UserId(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_issuedByUser.TryGetValue(userId, out var issued))
            {
                return ValueTask.FromResult(0);
            }

            return ValueTask.FromResult(issued.Count - LowerBound(issued, since.UtcTicks));
        }
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            List<LinkTokenRecord>? expired = null;
            foreach (var token in _tokens.Values)
            {
                if (token.ExpiresAt < expiredBefore)
                {
                    (expired ??= []).Add(token);
                }
            }

            if (expired is null)
            {
                return ValueTask.FromResult(0);
            }

            foreach (var token in expired)
            {
                _tokens.Remove(token.TokenHash);
                ForgetActive(token);
                if (token.Kind == LinkTokenKind.DeepLink && _issuedByUser.TryGetValue(token.UserId!, out var issued))
                {
                    var at = LowerBound(issued, token.CreatedAt.UtcTicks);
                    if (at < issued.Count && issued[at] == token.CreatedAt.UtcTicks)
                    {
                        issued.RemoveAt(at);
                    }

                    if (issued.Count == 0)
                    {
                        _issuedByUser.Remove(token.UserId!);
                    }
                }
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    private void Retire(string tokenHash)
    {
        if (_tokens.TryGetValue(tokenHash, out var older) && older.State == LinkTokenState.Active)
        {
            _tokens[tokenHash] = older with { State = LinkTokenState.Retired };
        }
    }

    private void ForgetActive(LinkTokenRecord token)
    {
        if (token.Kind == LinkTokenKind.DeepLink)
        {
            if (_activeByUser.TryGetValue(token.UserId!, out var active) && active == token.TokenHash)
            {
                _activeByUser.Remove(token.UserId!);
            }
        }
        else if (_activeByChat.TryGetValue(token.ChatId!.Value, out var active) && active == token.TokenHash)
        {
            _activeByChat.Remove(token.ChatId.Value);
        }
    }

    private static void InsertSorted(List<long> list, long value)
    {
        if (list.Count == 0 || list[^1] <= value)
        {
            list.Add(value);
            return;
        }

        list.Insert(UpperBound(list, value), value);
    }

    private static int LowerBound(List<long> list, long value)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(List<long> list, long value)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
