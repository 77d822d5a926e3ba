namespace SnsTelegram.Sdk.Testing;

/// <summary>Faults the emulator injects into Bot API calls: errors, slow answers and dropped connections. Each
/// method takes an optional Bot API method name (<c>sendMessage</c>, case-insensitive) to target; without it every
/// method is affected. Thread-safe.</summary>
public sealed class TelegramEmulatorFaults
{
    private readonly Lock _sync = new();
    private readonly List<Rule> _rules = [];
    private long _latencyTicks;
    private long _jitterTicks;
    private volatile bool _any;

    internal TelegramEmulatorFaults(TimeSpan latency, TimeSpan latencyJitter)
    {
        Latency = latency;
        LatencyJitter = latencyJitter;
    }

    /// <summary>A fixed latency added to every call (models Telegram's round trip).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Volatile.Write(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>A random extra latency, uniform between zero and this, added to every call on top of <see cref="Latency"/>.</summary>
    public TimeSpan LatencyJitter
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _jitterTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Volatile.Write(ref _jitterTicks, value.Ticks);
        }
    }

    /// <summary>The latency of one call: <see cref="Latency"/> plus a random share of <see cref="LatencyJitter"/>.</summary>
    internal TimeSpan NextLatency()
    {
        var jitter = Volatile.Read(ref _jitterTicks);
        var latency = Volatile.Read(ref _latencyTicks);
        return TimeSpan.FromTicks(jitter > 0 ? latency + Random.Shared.NextInt64(jitter + 1) : latency);
    }

    /// <summary>The next <paramref name="count"/> calls answer <paramref name="statusCode"/> (5xx, or 401 for a revoked token) without doing anything.
    /// 500 and 401 answer Telegram's JSON envelope; 502, 503 and 504 answer an HTML page, as Telegram's front proxy does.</summary>
    public void FailNext(int count, int statusCode = 500, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ValidateServerError(statusCode);
        Add(new Rule(FaultKind.Fail, method) { Remaining = count, StatusCode = statusCode });
    }

    /// <summary>A share (0 to 1) of the following calls answer <paramref name="statusCode"/>, spread evenly and
    /// deterministically (0.25 fails every fourth call), until <see cref="Reset"/>.</summary>
    public void FailShare(double share, int statusCode = 500, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1.0);
        ValidateServerError(statusCode);
        Add(new Rule(FaultKind.Fail, method) { Remaining = -1, Share = share, StatusCode = statusCode });
    }

    /// <summary>The next <paramref name="count"/> calls answer 429 <c>Too Many Requests: retry after N</c>.</summary>
    public void TooManyRequestsNext(int count, int retryAfterSeconds = 1, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retryAfterSeconds);
        Add(new Rule(FaultKind.TooManyRequests, method) { Remaining = count, RetryAfter = retryAfterSeconds });
    }

    /// <summary>The next <paramref name="count"/> calls are answered normally but only after <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Add(new Rule(FaultKind.Delay, method) { Remaining = count, Delay = delay });
    }

    /// <summary>The next <paramref name="count"/> calls lose their connection (aborted, no answer). With
    /// <paramref name="afterProcessing"/> the call takes effect first (the message is sent) and only the answer is
    /// lost, the case that makes a client send a message twice.</summary>
    public void DropNext(int count, bool afterProcessing = false, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Add(new Rule(afterProcessing ? FaultKind.DropAfter : FaultKind.DropBefore, method) { Remaining = count });
    }

    /// <summary>The next <paramref name="count"/> calls answer 400 <c>group chat was upgraded to a supergroup chat</c> with
    /// <c>parameters.migrate_to_chat_id</c> set to <paramref name="migrateToChatId"/>, whatever the chat: a forged or
    /// mistaken answer, which a client must not follow unless it names a move Telegram makes.</summary>
    public void AnswerMigratedNext(int count, long migrateToChatId, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Add(new Rule(FaultKind.Migrated, method) { Remaining = count, MigrateToChatId = migrateToChatId });
    }

    /// <summary>Removes every pending fault (the latency stays).</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _rules.Clear();
            _any = false;
        }
    }

    internal FaultDecision Next(string method)
    {
        if (!_any)
        {
            return default;
        }

        lock (_sync)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.Method is not null && !string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (rule.Remaining < 0)
                {
                    // share: fail call k when floor((k + 1) * share) > floor(k * share)
                    var k = rule.Seen++;
                    if (Math.Floor((k + 1) * rule.Share) <= Math.Floor(k * rule.Share))
                    {
                        continue;
                    }
                }
                else if (--rule.Remaining == 0)
                {
                    _rules.RemoveAt(i);
                    _any = _rules.Count > 0;
                }

                return new FaultDecision(rule.Kind, rule.StatusCode, rule.Delay, rule.RetryAfter) { MigrateToChatId = rule.MigrateToChatId };
            }
        }

        return default;
    }

    private void Add(Rule rule)
    {
        lock (_sync)
        {
            _rules.Add(rule);
            _any = true;
        }
    }

    private static void ValidateServerError(int statusCode)
    {
        if (statusCode is not 401 and (< 500 or > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Injected failures are server errors (500 to 599) or 401 (a revoked bot token).");
        }
    }

    private sealed class Rule(FaultKind kind, string? method)
    {
        public FaultKind Kind { get; } = kind;

        public string? Method { get; } = method;

        public int Remaining { get; set; }

        public double Share { get; init; }

        public long Seen { get; set; }

        public int StatusCode { get; init; }

        public TimeSpan Delay { get; init; }

        public int RetryAfter { get; init; }

        public long MigrateToChatId { get; init; }
    }
}
