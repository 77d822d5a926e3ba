namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// Aggregates post activity into daily reports. Users are tracked first, each with their own local day as a UTC
/// range; activity of untracked users or outside a user's range is ignored, so one query over a batch's union range
/// can feed every user of the batch.
/// </summary>
internal sealed class DailyReportAggregator
{
    private readonly Dictionary<string, UserDay> _users;

    public DailyReportAggregator(int capacity = 0) => _users = new Dictionary<string, UserDay>(capacity, StringComparer.Ordinal);

    public int Count => _users.Count;

    /// <summary>Tracks a user's report for <paramref name="date"/>, covering activity at or after <paramref name="fromUtc"/> and before <paramref name="toUtc"/>.</summary>
    public void Track(string userId, DateOnly date, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("The end of a report's range must be after its start.", nameof(toUtc));
        }

        _users[userId] = new UserDay(date, fromUtc.UtcTicks, toUtc.UtcTicks);
    }

    /// <summary>Adds one post attempt; false when its user is not tracked or it lies outside the user's range.</summary>
    public bool Add(in PostActivity activity)
    {
        if (activity.UserId is null || !_users.TryGetValue(activity.UserId, out var day))
        {
            return false;
        }

        var at = activity.At.UtcTicks;
        if (at < day.FromTicks || at >= day.ToTicks)
        {
            return false;
        }

        day.Add(activity);
        return true;
    }

    /// <summary>The report of a tracked user (zero counts when no activity was added).</summary>
    public DailySummary Build(string userId)
    {
        if (!_users.TryGetValue(userId, out var day))
        {
            throw new ArgumentException($"User '{userId}' is not tracked.", nameof(userId));
        }

        return day.Build(userId);
    }

    private sealed class UserDay(DateOnly date, long fromTicks, long toTicks)
    {
        private PlatformTotals[] _platforms = [];
        private int _platformCount;

        public long FromTicks { get; } = fromTicks;

        public long ToTicks { get; } = toTicks;

        public void Add(in PostActivity activity)
        {
            var totals = Find(activity.Platform);
            totals.Posts++;
            if (activity.Outcome == PostOutcome.Succeeded)
            {
                // Engagement belongs to published posts; a failed post has none.
                totals.Succeeded++;
                totals.Likes += activity.Likes;
                totals.Comments += activity.Comments;
                totals.Shares += activity.Shares;
                totals.Views += activity.Views;
            }
            else
            {
                totals.Failed++;
            }
        }

        public DailySummary Build(string userId)
        {
            var lines = new PlatformSummary[_platformCount];
            int posts = 0, succeeded = 0, failed = 0;
            long engagement = 0;
            for (var i = 0; i < _platformCount; i++)
            {
                var t = _platforms[i];
                lines[i] = new PlatformSummary(t.Platform, t.Posts, t.Succeeded, t.Failed, t.Likes, t.Comments, t.Shares, t.Views);
                posts += t.Posts;
                succeeded += t.Succeeded;
                failed += t.Failed;
                engagement += t.Likes + t.Comments + t.Shares;
            }

            Array.Sort(lines, static (a, b) =>
            {
                var byPosts = b.Posts.CompareTo(a.Posts);
                if (byPosts != 0)
                {
                    return byPosts;
                }

                var byName = string.Compare(a.Platform.DisplayName, b.Platform.DisplayName, StringComparison.OrdinalIgnoreCase);
                return byName != 0 ? byName : string.CompareOrdinal(a.Platform.Id, b.Platform.Id);
            });
            return new DailySummary(userId, date, posts, succeeded, failed, engagement, lines);
        }

        private PlatformTotals Find(SnsPlatform platform)
        {
            for (var i = 0; i < _platformCount; i++)
            {
                if (_platforms[i].Platform == platform)
                {
                    return _platforms[i];
                }
            }

            if (_platformCount == _platforms.Length)
            {
                Array.Resize(ref _platforms, Math.Max(4, _platforms.Length * 2));
            }

            var created = new PlatformTotals(platform);
            _platforms[_platformCount++] = created;
            return created;
        }
    }

    private sealed class PlatformTotals(SnsPlatform platform)
    {
        public SnsPlatform Platform { get; } = platform;

        public int Posts { get; set; }

        public int Succeeded { get; set; }

        public int Failed { get; set; }

        public long Likes { get; set; }

        public long Comments { get; set; }

        public long Shares { get; set; }

        public long Views { get; set; }
    }
}
