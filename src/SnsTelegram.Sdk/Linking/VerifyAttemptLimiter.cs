using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Limits failed <c>verify-link</c> attempts per user (<see cref="SnsTelegramOptions.LinkTokenIssueLimit"/> failures per
/// <see cref="SnsTelegramOptions.LinkTokenIssueWindow"/>), so 40-bit chat codes cannot be guessed. Kept in memory per
/// process: guessing stays hopeless even when several instances each allow their share.
/// </summary>
internal sealed class VerifyAttemptLimiter(TimeProvider time, IOptionsMonitor<SnsTelegramOptions> options)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>When the user may try again, or null when they may try now.</summary>
    public TimeSpan? RetryAfter(string userId)
    {
        var settings = options.CurrentValue;
        if (!_windows.TryGetValue(userId, out var window))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (window)
        {
            if (now - window.Start >= settings.LinkTokenIssueWindow)
            {
                return null;
            }

            return window.Failures >= settings.LinkTokenIssueLimit ? window.Start + settings.LinkTokenIssueWindow - now : null;
        }
    }

    public void RecordFailure(string userId)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(userId, static (_, start) => new Window { Start = start }, now);
        lock (window)
        {
            if (now - window.Start >= settings.LinkTokenIssueWindow)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }

        if (_windows.Count > 10_000)
        {
            foreach (var (key, value) in _windows)
            {
                if (now - value.Start >= settings.LinkTokenIssueWindow)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    public void Reset(string userId) => _windows.TryRemove(userId, out _);

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Failures { get; set; }
    }
}
