using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Paces sends so that Telegram never answers 429 under its published limits: a global limit, a per-private-chat limit
/// with a burst, and a per-group limit. Every limit is a sliding window over the timestamps of the last sends (a ring):
/// a send is allowed only when fewer than <c>count</c> sends fall in the last <c>window</c>, for EVERY window position,
/// which is at least as strict as "at most N in any 1-second window" (unlike a counter that resets at fixed instants).
/// Each window is widened by <see cref="DeliveryOptions.RateLimitSafetyMargin"/> to absorb network jitter between the
/// moment a send starts here and the moment Telegram counts it. A 429 pauses the whole bot for its <c>retry_after</c>.
/// </summary>
internal sealed class DeliveryRateLimiter
{
    private const int SweepEvery = 4096;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Window? _global;
    private readonly LimitShape? _privateShape;
    private readonly LimitShape? _groupShape;
    private readonly Dictionary<long, Window> _chats = [];
    private readonly TimeSpan _margin;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _sinceSweep;
    private long _lastLeaseId;

    public DeliveryRateLimiter(IOptions<SnsTelegramOptions> options, TimeProvider timeProvider)
    {
        var delivery = options.Value.Delivery;
        _time = timeProvider;
        var margin = delivery.RateLimitSafetyMargin;
        _margin = margin;
        _global = LimitShape.PerSecond(delivery.GlobalMessagesPerSecond, burst: null, margin) is { } g ? new Window(g) : null;
        _privateShape = LimitShape.PerSecond(delivery.PrivateChatMessagesPerSecond, delivery.PrivateChatBurst, margin);
        _groupShape = delivery.GroupMessagesPerMinute > 0
            ? LimitShape.PerSecond(delivery.GroupMessagesPerMinute / 60.0, burst: (int)Math.Max(1, Math.Floor(delivery.GroupMessagesPerMinute)), margin)
            : null;
    }

    /// <summary>Whether no limit is configured (every send is allowed at once, except during a 429 pause).</summary>
    public bool IsUnlimited => _global is null && _privateShape is null && _groupShape is null;

    /// <summary>The end of the current 429 pause, or a time in the past.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>
    /// Reserves a send to <paramref name="chatId"/> now and returns <see cref="TimeSpan.Zero"/> with the reservation in
    /// <paramref name="lease"/> (hand it to <see cref="Complete"/> when Telegram has answered), or reserves nothing and
    /// returns how long to wait before asking again.
    /// </summary>
    public TimeSpan TryAcquire(long chatId, TelegramChatType chatType, out RateLimitLease lease)
    {
        lease = default;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now < _pausedUntil)
            {
                return _pausedUntil - now;
            }

            if (IsUnlimited)
            {
                return TimeSpan.Zero;
            }

            var shape = chatType == TelegramChatType.Private ? _privateShape : _groupShape;
            Window? chat = null;
            if (shape is not null && !_chats.TryGetValue(chatId, out chat))
            {
                chat = new Window(shape);
                _chats[chatId] = chat;
                SweepIfDue(now);
            }

            var wait = TimeSpan.Zero;
            if (_global is not null)
            {
                wait = _global.WaitAt(now);
            }

            if (chat is not null)
            {
                var chatWait = chat.WaitAt(now);
                wait = chatWait > wait ? chatWait : wait;
            }

            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            var id = ++_lastLeaseId;
            lease = new RateLimitLease(id, _global, _global?.Record(now, id) ?? -1, chat, chat?.Record(now, id) ?? -1);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Telegram answered (or the call ended) for a reserved send. A send counts from its start; a call that took longer
    /// than the safety margin counts from its end instead (less the margin), because Telegram may have counted it as late
    /// as that (a slow answer must not let the next sends bunch up behind it).
    /// </summary>
    public void Complete(in RateLimitLease lease)
    {
        if (lease.Id == 0)
        {
            return;
        }

        var countedAt = _time.GetUtcNow() - _margin;
        lock (_gate)
        {
            lease.Global?.Complete(lease.GlobalSlot, lease.Id, countedAt);
            lease.Chat?.Complete(lease.ChatSlot, lease.Id, countedAt);
        }
    }

    /// <summary>
    /// Waits (on the time provider) until a send to <paramref name="chatId"/> is allowed and reserves it; gives up at once,
    /// reserving nothing, when the wait would be longer than <paramref name="maxWait"/>, and answers that wait instead.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during a wait.</exception>
    public async ValueTask<RateSlot> WaitForSlotAsync(long chatId, TelegramChatType chatType, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryAcquire(chatId, chatType, out var lease);
            if (wait <= TimeSpan.Zero)
            {
                return new RateSlot(lease, TimeSpan.Zero);
            }

            if (wait > maxWait)
            {
                return new RateSlot(default, wait);
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Telegram answered 429: pause the whole bot for <paramref name="retryAfter"/> and fill the chat's window.</summary>
    public void OnRateLimited(long chatId, TelegramChatType chatType, TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var until = now + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            var shape = chatType == TelegramChatType.Private ? _privateShape : _groupShape;
            if (shape is not null)
            {
                if (!_chats.TryGetValue(chatId, out var chat))
                {
                    chat = new Window(shape);
                    _chats[chatId] = chat;
                }

                chat.Fill(until);
            }
        }
    }

    /// <summary>Forgets a chat's window (it moved to another id).</summary>
    public void Forget(long chatId)
    {
        lock (_gate)
        {
            _chats.Remove(chatId);
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (++_sinceSweep < SweepEvery)
        {
            return;
        }

        _sinceSweep = 0;
        List<long>? idle = null;
        foreach (var (id, window) in _chats)
        {
            if (window.IsIdleAt(now))
            {
                (idle ??= []).Add(id);
            }
        }

        if (idle is not null)
        {
            foreach (var id in idle)
            {
                _chats.Remove(id);
            }
        }
    }

    /// <summary>At most <see cref="Count"/> sends in any <see cref="Span"/>.</summary>
    internal sealed record LimitShape(int Count, TimeSpan Span)
    {
        /// <summary>
        /// A rate of <paramref name="perSecond"/> with a burst: at most <c>burst</c> sends in any <c>max(1, burst / rate)</c>
        /// seconds (without a burst: at most <c>floor(rate)</c> in any second, or one per <c>1/rate</c> seconds below 1/s).
        /// </summary>
        public static LimitShape? PerSecond(double perSecond, int? burst, TimeSpan margin)
        {
            if (perSecond <= 0 || double.IsNaN(perSecond) || double.IsInfinity(perSecond))
            {
                return null;
            }

            // Never a window shorter than one second: "7 per 0.93 s" would let 14 through in one second.
            var count = burst is { } b && b > 0 ? b : (int)Math.Max(1, Math.Floor(perSecond));
            var span = TimeSpan.FromSeconds(Math.Max(1, count / perSecond)) + margin;
            return new LimitShape(count, span);
        }
    }

    /// <summary>
    /// The last <c>Count</c> sends of one limit: when each counts from, and whether it is still on the wire (a send on
    /// the wire never leaves the window: its answer may move its time later).
    /// </summary>
    internal sealed class Window(LimitShape shape)
    {
        private static readonly TimeSpan AllOnTheWireRecheck = TimeSpan.FromMilliseconds(10);
        private readonly DateTimeOffset[] _at = new DateTimeOffset[shape.Count];
        private readonly long[] _onTheWire = new long[shape.Count];
        private int _used;

        /// <summary>How long from <paramref name="now"/> until one more send fits.</summary>
        public TimeSpan WaitAt(DateTimeOffset now)
        {
            if (_used < _at.Length)
            {
                return TimeSpan.Zero;
            }

            var oldest = OldestSettled();
            if (oldest < 0)
            {
                return AllOnTheWireRecheck;
            }

            // one more fits once the oldest settled send has left the window
            var freeAt = _at[oldest] + shape.Span;
            return freeAt > now ? freeAt - now : TimeSpan.Zero;
        }

        /// <summary>Records a send starting at <paramref name="at"/>; returns its slot.</summary>
        public int Record(DateTimeOffset at, long leaseId)
        {
            var slot = _used < _at.Length ? _used++ : OldestSettled();
            _at[slot] = at;
            _onTheWire[slot] = leaseId;
            return slot;
        }

        /// <summary>The send in <paramref name="slot"/> got its answer; it counts from <paramref name="countedAt"/> if that is later than its start.</summary>
        public void Complete(int slot, long leaseId, DateTimeOffset countedAt)
        {
            if (slot >= 0 && _onTheWire[slot] == leaseId)
            {
                _onTheWire[slot] = 0;
                if (countedAt > _at[slot])
                {
                    _at[slot] = countedAt;
                }
            }
        }

        /// <summary>Treats the window as full as of <paramref name="at"/>.</summary>
        public void Fill(DateTimeOffset at)
        {
            Array.Fill(_at, at);
            Array.Clear(_onTheWire);
            _used = _at.Length;
        }

        public bool IsIdleAt(DateTimeOffset now)
        {
            for (var i = 0; i < _used; i++)
            {
                if (_onTheWire[i] != 0 || _at[i] + shape.Span > now)
                {
                    return false;
                }
            }

            return true;
        }

        private int OldestSettled()
        {
            var oldest = -1;
            for (var i = 0; i < _used; i++)
            {
                if (_onTheWire[i] == 0 && (oldest < 0 || _at[i] < _at[oldest]))
                {
                    oldest = i;
                }
            }

            return oldest;
        }
    }
}
