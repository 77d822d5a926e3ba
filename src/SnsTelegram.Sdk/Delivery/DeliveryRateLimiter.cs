using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Paces sends so that Telegram never answers 429 under its published limits: a global limit, a per-private-chat limit
/// with a burst, and a per-group limit. Every limit is a sliding window over the times the last sends count from: a send is
/// allowed only when fewer than <c>count</c> sends fall in the last <c>window</c>, for EVERY window position, which is at
/// least as strict as "at most N in any 1-second window" (unlike a counter that resets at fixed instants).
/// <para>
/// Telegram counts a send when it arrives, some unknown time after it starts here. The limiter measures the round trips
/// of recent sends (<see cref="RoundTripStats"/>): a send counts from its start, or, when its answer came back later than
/// the fastest recent round trip allows, from its answer less that fastest round trip (the latest moment Telegram can
/// have counted it, if the way back is never faster than the fastest seen); and each window is widened by a margin, the
/// larger of <see cref="DeliveryOptions.RateLimitSafetyMargin"/> and the spread of the fastest tenth of the recent round
/// trips (how much faster than the fastest one seen a send may plausibly be). So a steady round trip of any length costs
/// nothing, and only its variation does. Until a few round trips are known, a send counts from its answer; and when a
/// faster round trip shows up, the sends in the windows are read again against it (the slower ones were held up on the
/// way, not travelling), so none counts from earlier than the fastest known round trip allows.
/// </para>
/// <para>
/// Senders that wait for a slot queue up: the next free slot goes to the most urgent lane (<see cref="DeliveryLane"/>),
/// first come first served within a lane; a sender whose own chat's window is full waits without holding up the others.
/// A 429 pauses the whole bot for its <c>retry_after</c>.
/// </para>
/// <para>
/// With paid broadcasts (<see cref="PaidBroadcastOptions"/>), a send that fits the free window is free; one that only
/// fits the paid rate is paid (0.1 Star, counted against today's cap, UTC); every send then goes out with
/// <c>allow_paid_broadcast</c>. Once today's cap is reached the bot is back at the free rate, after the last paid-broadcast
/// send has left the window (Telegram may have counted some of them as free), until the next UTC day.
/// </para>
/// </summary>
internal sealed class DeliveryRateLimiter : IDisposable
{
    /// <summary>Round trips measured before a send starts for its own answer to be read against them.</summary>
    internal const int WarmUpRoundTrips = 8;

    private const int SweepEvery = 4096;
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxMargin = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OnTheWireRecheck = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Window? _free;
    private readonly Window? _total;
    private readonly long _paidPerDay;
    private readonly LimitShape? _privateShape;
    private readonly LimitShape? _groupShape;
    private readonly Dictionary<long, Window> _chats = [];
    private readonly TimeSpan _marginFloor;
    private readonly RoundTripStats _roundTrips = new();
    private readonly LinkedList<Waiter>[] _lanes = [new(), new(), new()];
    private readonly ITimer _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private TimeSpan _margin;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateOnly _paidDay;
    private long _paidToday;
    private DateTimeOffset _lastFlaggedAt = DateTimeOffset.MinValue;
    private int _flaggedOnTheWire;
    private int _waiting;
    private int _sinceSweep;
    private long _lastLeaseId;
    private List<Served>? _served;

    public DeliveryRateLimiter(IOptions<SnsTelegramOptions> options, TimeProvider timeProvider)
    {
        var delivery = options.Value.Delivery;
        _time = timeProvider;
        _marginFloor = delivery.RateLimitSafetyMargin;
        _margin = _marginFloor;
        _free = LimitShape.PerSecond(delivery.GlobalMessagesPerSecond, burst: null) is { } g ? new Window(g) : null;
        var paid = delivery.PaidBroadcast;
        if (_free is not null && paid is { Enabled: true } && paid.MessagesPerSecond > delivery.GlobalMessagesPerSecond)
        {
            _total = new Window(LimitShape.PerSecond(paid.MessagesPerSecond, burst: null)!);
            _paidPerDay = (long)decimal.Floor(paid.DailyStarsCap / PaidBroadcastOptions.StarsPerMessage);
        }

        _privateShape = LimitShape.PerSecond(delivery.PrivateChatMessagesPerSecond, delivery.PrivateChatBurst);
        _groupShape = delivery.GroupMessagesPerMinute > 0
            ? LimitShape.PerSecond(delivery.GroupMessagesPerMinute / 60.0, burst: (int)Math.Max(1, Math.Floor(delivery.GroupMessagesPerMinute)))
            : null;
        _timer = timeProvider.CreateTimer(static state => ((DeliveryRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether no limit is configured (every send is allowed at once, except during a 429 pause).</summary>
    public bool IsUnlimited => _free is null && _privateShape is null && _groupShape is null;

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

    /// <summary>How much each window is widened now: the larger of the configured floor and the measured round-trip spread.</summary>
    public TimeSpan Margin
    {
        get
        {
            lock (_gate)
            {
                return _margin;
            }
        }
    }

    /// <summary>The fastest recent round trip (zero before the first answer).</summary>
    public TimeSpan FastestRoundTrip
    {
        get
        {
            lock (_gate)
            {
                return _roundTrips.Fastest;
            }
        }
    }

    /// <summary>Paid-broadcast sends reserved today (UTC); zero when paid broadcasts are off.</summary>
    public long PaidToday
    {
        get
        {
            lock (_gate)
            {
                RollPaidDay(_time.GetUtcNow());
                return _paidToday;
            }
        }
    }

    /// <summary>
    /// Reserves a send to <paramref name="chatId"/> now and returns <see cref="TimeSpan.Zero"/> with the reservation in
    /// <paramref name="lease"/> (hand it to <see cref="Complete"/> when Telegram has answered), or reserves nothing and
    /// returns how long to wait before asking again. The waiting senders are served first: what is left free after them
    /// (a slot none of them can use because of its chat's window) may be taken.
    /// </summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="chatType">Its kind.</param>
    /// <param name="lease">The reservation.</param>
    /// <param name="mayPay">Whether it may go as a paid broadcast (a new message; an edit may not).</param>
    public TimeSpan TryAcquire(long chatId, TelegramChatType chatType, out RateLimitLease lease, bool mayPay = true)
    {
        var now = _time.GetUtcNow();
        using (Enter())
        {
            if (_waiting > 0)
            {
                Pump(now);
            }

            return Acquire(chatId, chatType, mayPay, now, out lease, out _);
        }
    }

    /// <summary>
    /// Waits (on the time provider) until a send to <paramref name="chatId"/> is allowed and reserves it. Waiting senders
    /// are served most urgent lane first, first come first served within a lane. Gives up at once, reserving nothing,
    /// when the wait for the send's own limits (a 429 pause, the chat's window, a free global slot) would be longer than
    /// <paramref name="maxWait"/>, and answers that wait instead; also gives up later when a 429 pause or the chat's
    /// window grows beyond <paramref name="maxWait"/> while it waits.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during a wait.</exception>
    public ValueTask<RateSlot> WaitForSlotAsync(
        long chatId,
        TelegramChatType chatType,
        DeliveryLane lane,
        bool mayPay,
        TimeSpan maxWait,
        CancellationToken cancellationToken)
    {
        using (Enter())
        {
            var now = _time.GetUtcNow();
            if (_waiting > 0)
            {
                Pump(now);
            }

            TimeSpan wait;
            if (_waiting == 0)
            {
                wait = Acquire(chatId, chatType, mayPay, now, out var lease, out _);
                if (wait <= TimeSpan.Zero)
                {
                    return new ValueTask<RateSlot>(new RateSlot(lease, TimeSpan.Zero));
                }
            }
            else
            {
                wait = WaitAt(chatId, chatType, mayPay, now, out _);
            }

            if (wait > maxWait)
            {
                return new ValueTask<RateSlot>(new RateSlot(default, wait));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<RateSlot>(cancellationToken);
            }

            // The waiter is served under this lock (so a slot given is never lost) and its task completed when the lock is
            // left; the cancellation callback takes the lock too (it may run at once, here, on this thread: the lock is
            // re-entrant, and the innermost scope leaves the completing to the outermost).
            var waiter = new Waiter(this, chatId, chatType, lane, mayPay, maxWait);
            waiter.Node = _lanes[LaneIndex(lane)].AddLast(waiter);
            _waiting++;
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
            if (waiter.Node is not null)
            {
                Pump(now);
            }

            return new ValueTask<RateSlot>(waiter.Done.Task);
        }
    }

    /// <summary>
    /// Telegram answered (or the call ended) for a reserved send. The send counts from its start, or, when the round
    /// trip was longer than the fastest recent one, from its answer less that round trip, because Telegram may have counted
    /// it as late as that (a slow answer must not let the next sends bunch up behind it). A send whose round trips before
    /// it were too few to go by, or that got no answer, counts from its answer.
    /// </summary>
    /// <param name="lease">The reservation.</param>
    /// <param name="answered">Whether Telegram answered (its round trip is then measured).</param>
    public void Complete(in RateLimitLease lease, bool answered = true)
    {
        if (lease.Id == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        using (Enter())
        {
            var roundTrip = now - lease.StartedAt;
            if (answered)
            {
                _roundTrips.Add(roundTrip);
                _margin = TimeSpan.FromTicks(Math.Clamp(_roundTrips.Spread.Ticks, _marginFloor.Ticks, MaxMargin.Ticks));
            }

            var trusted = answered && lease.RoundTripsBefore >= WarmUpRoundTrips;
            var fastest = _roundTrips.Fastest;
            var answer = new Answer(lease.StartedAt.UtcTicks, now.UtcTicks, trusted);
            lease.Slots.Free.Window?.Complete(lease.Slots.Free.Generation, answer, fastest);
            lease.Slots.Total.Window?.Complete(lease.Slots.Total.Generation, answer, fastest);
            lease.Slots.Chat.Window?.Complete(lease.Slots.Chat.Generation, answer, fastest);
            if (lease.AllowPaidBroadcast)
            {
                // Back at the free rate, the window is kept clear of flagged sends until a second after the last one's
                // answer: Telegram counted it before it answered, so this holds whatever the jitter of the way out.
                _flaggedOnTheWire--;
                if (now > _lastFlaggedAt)
                {
                    _lastFlaggedAt = now;
                }
            }

            if (_waiting > 0)
            {
                Pump(now);
            }
        }
    }

    /// <summary>Telegram answered 429 to a call that is not a message (a button's answer): pause the whole bot for <paramref name="retryAfter"/>.</summary>
    public void OnRateLimited(TimeSpan retryAfter) => Pause(null, TelegramChatType.Private, retryAfter);

    /// <summary>Telegram answered 429: pause the whole bot for <paramref name="retryAfter"/> and fill the chat's window.</summary>
    public void OnRateLimited(long chatId, TelegramChatType chatType, TimeSpan retryAfter) => Pause(chatId, chatType, retryAfter);

    private void Pause(long? chatId, TelegramChatType chatType, TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        using (Enter())
        {
            var until = now + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            if (chatId is { } id && ChatWindow(id, chatType, now) is { } chat)
            {
                chat.Fill(until);
            }

            if (_waiting > 0)
            {
                Pump(now);
            }
        }
    }

    /// <summary>Telegram refused a paid broadcast (the bot's Stars ran out): no more paid sends until the next UTC day.</summary>
    public void OnPaidBroadcastRefused()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            RollPaidDay(now);
            _paidToday = Math.Max(_paidToday, _paidPerDay);
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

    public void Dispose() => _timer.Dispose();

    private static int LaneIndex(DeliveryLane lane) => Math.Clamp((int)lane, 0, 2);

    private void OnTimer()
    {
        using (Enter())
        {
            _timerDue = DateTimeOffset.MaxValue;
            if (_waiting > 0)
            {
                Pump(_time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Serves the waiting senders at <paramref name="now"/>: most urgent lane first, in order within a lane; a sender
    /// whose chat is not free yet is passed over; one whose own wait grew beyond its limit gives up. Then sets the timer
    /// for the next moment one of them may be served.
    /// </summary>
    private void Pump(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var lane in _lanes)
        {
            var node = lane.First;
            while (node is not null)
            {
                var following = node.Next;
                var waiter = node.Value;
                var wait = Acquire(waiter.ChatId, waiter.ChatType, waiter.MayPay, now, out var lease, out var ownWait);
                if (wait <= TimeSpan.Zero)
                {
                    Dequeue(waiter);
                    Serve(new Served(waiter, new RateSlot(lease, TimeSpan.Zero), null));
                }
                else if (ownWait > waiter.MaxWait)
                {
                    Dequeue(waiter);
                    Serve(new Served(waiter, new RateSlot(default, ownWait), null));
                }
                else if (now + wait < next)
                {
                    next = now + wait;
                }

                node = following;
            }
        }

        if (next == DateTimeOffset.MaxValue)
        {
            if (_timerDue != DateTimeOffset.MaxValue)
            {
                _timerDue = DateTimeOffset.MaxValue;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        else if (next != _timerDue)
        {
            _timerDue = next;
            _timer.Change(next - now, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Enters the lock; leaving it completes the tasks of the waiters served meanwhile (<see cref="DeliverServed"/>).</summary>
    private ServingScope Enter() => new(this, _gate.EnterScope());

    /// <summary>A waiter is served or cancelled (under the lock): its task is completed by <see cref="DeliverServed"/>, after the lock.</summary>
    private void Serve(Served served) => (_served ??= []).Add(served);

    /// <summary>
    /// Completes the tasks of the waiters served under the lock, after it: each one's send then starts on this thread (the
    /// timer's, or the one whose answer freed the slot) instead of queueing a work item that wakes another thread. Nothing
    /// is completed while this thread holds the lock (a cancellation that ran inside it): the lock's holder completes them
    /// when it leaves.
    /// </summary>
    private void DeliverServed()
    {
        if (Volatile.Read(ref _served) is null || _gate.IsHeldByCurrentThread)
        {
            return;
        }

        List<Served>? served;
        lock (_gate)
        {
            served = _served;
            _served = null;
        }

        if (served is null)
        {
            return;
        }

        foreach (var (waiter, slot, canceled) in served)
        {
            if (canceled is { } token)
            {
                waiter.Done.TrySetCanceled(token);
            }
            else
            {
                waiter.Done.TrySetResult(slot);
            }
        }
    }

    private void Dequeue(Waiter waiter)
    {
        _lanes[LaneIndex(waiter.Lane)].Remove(waiter.Node!);
        waiter.Node = null;
        _waiting--;

        // never blocks: a callback running now finds the waiter gone
        waiter.Registration.Unregister();
    }

    private void CancelWaiter(Waiter waiter, CancellationToken token)
    {
        using (Enter())
        {
            if (waiter.Node is null)
            {
                return;
            }

            Dequeue(waiter);
            Serve(new Served(waiter, default, token));
            Pump(_time.GetUtcNow());
        }
    }

    /// <summary>Reserves a send now if every limit allows it; otherwise the wait, and the part of it due to the send's own limits.</summary>
    private TimeSpan Acquire(long chatId, TelegramChatType chatType, bool mayPay, DateTimeOffset now, out RateLimitLease lease, out TimeSpan ownWait)
    {
        lease = default;
        var wait = WaitAt(chatId, chatType, mayPay, now, out var decision);
        ownWait = decision.OwnWait;
        if (wait > TimeSpan.Zero || IsUnlimited)
        {
            return wait;
        }

        var chat = decision.Chat;
        var free = decision.Paid ? default : new RateLimitLease.Place(_free, _free?.Record() ?? 0);
        var total = new RateLimitLease.Place(_total, _total?.Record() ?? 0);
        var chatPlace = new RateLimitLease.Place(chat, chat?.Record() ?? 0);
        if (decision.Flag)
        {
            _flaggedOnTheWire++;
            if (decision.Paid)
            {
                _paidToday++;
            }
        }

        lease = new RateLimitLease(++_lastLeaseId, now, _roundTrips.Count, new RateLimitLease.Places(free, total, chatPlace), decision.Flag, decision.Paid);
        return TimeSpan.Zero;
    }

    /// <summary>How long from <paramref name="now"/> until a send to the chat fits every limit (zero: now), and how it would go.</summary>
    private TimeSpan WaitAt(long chatId, TelegramChatType chatType, bool mayPay, DateTimeOffset now, out Decision decision)
    {
        decision = default;
        var pause = now < _pausedUntil ? _pausedUntil - now : TimeSpan.Zero;
        var chat = ChatWindow(chatId, chatType, now);
        var chatWait = chat?.WaitAt(now, _margin, _roundTrips.Fastest) ?? TimeSpan.Zero;
        var own = pause > chatWait ? pause : chatWait;
        var global = GlobalWait(mayPay, now, out var flag, out var paid);
        decision = new Decision(chat, own, flag, paid);
        return own > global ? own : global;
    }

    /// <summary>The wait for a global slot: free, or paid when paid broadcasts are on and today's cap allows.</summary>
    private TimeSpan GlobalWait(bool mayPay, DateTimeOffset now, out bool flag, out bool paid)
    {
        flag = false;
        paid = false;
        if (_free is null)
        {
            return TimeSpan.Zero;
        }

        var freeWait = _free.WaitAt(now, _margin, _roundTrips.Fastest);
        if (_total is null)
        {
            return freeWait;
        }

        var totalWait = _total.WaitAt(now, _margin, _roundTrips.Fastest);
        var paying = mayPay && PaidBudgetLeft(now);
        if (paying)
        {
            flag = true;
            paid = freeWait > TimeSpan.Zero;
            return totalWait;
        }

        if (mayPay && (_flaggedOnTheWire > 0 || _lastFlaggedAt != DateTimeOffset.MinValue))
        {
            // Back at the free rate: Telegram may have counted recent paid-broadcast sends as free, so wait until the
            // last of them has left the window.
            var hold = _flaggedOnTheWire > 0 ? OnTheWireRecheck : _lastFlaggedAt + OneSecond + _margin - now;
            if (hold > freeWait)
            {
                freeWait = hold;
            }
        }

        return freeWait > totalWait ? freeWait : totalWait;
    }

    private bool PaidBudgetLeft(DateTimeOffset now)
    {
        RollPaidDay(now);
        return _paidToday < _paidPerDay;
    }

    private void RollPaidDay(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day != _paidDay)
        {
            _paidDay = day;
            _paidToday = 0;
        }
    }

    private Window? ChatWindow(long chatId, TelegramChatType chatType, DateTimeOffset now)
    {
        var shape = chatType == TelegramChatType.Private ? _privateShape : _groupShape;
        if (shape is null)
        {
            return null;
        }

        if (!_chats.TryGetValue(chatId, out var chat))
        {
            chat = new Window(shape);
            _chats[chatId] = chat;
            SweepIfDue(now);
        }

        return chat;
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
            if (window.IsIdleAt(now, _margin))
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

    /// <summary>How a send would go: its chat's window, its own wait (pause, chat), and whether it is flagged and paid.</summary>
    private readonly record struct Decision(Window? Chat, TimeSpan OwnWait, bool Flag, bool Paid);

    /// <summary>At most <see cref="Count"/> sends in any <see cref="Span"/> (before the margin).</summary>
    internal sealed record LimitShape(int Count, TimeSpan Span)
    {
        /// <summary>
        /// A rate of <paramref name="perSecond"/> with a burst: at most <c>burst</c> sends in any <c>max(1, burst / rate)</c>
        /// seconds (without a burst: at most <c>floor(rate)</c> in any second, or one per <c>1/rate</c> seconds below 1/s).
        /// </summary>
        public static LimitShape? PerSecond(double perSecond, int? burst)
        {
            if (perSecond <= 0 || double.IsNaN(perSecond) || double.IsInfinity(perSecond))
            {
                return null;
            }

            // Never a window shorter than one second: "7 per 0.93 s" would let 14 through in one second.
            var count = burst is { } b && b > 0 ? b : (int)Math.Max(1, Math.Floor(perSecond));
            var span = TimeSpan.FromSeconds(Math.Max(1, count / perSecond));
            return new LimitShape(count, span);
        }
    }

    /// <summary>
    /// A send that got its answer: when it started, when the answer came, and whether its round trip may be read against
    /// the fastest one (a send with too few round trips measured before it, or without an answer, counts from its answer).
    /// </summary>
    internal readonly record struct Answer(long StartTicks, long AnswerTicks, bool Trusted)
    {
        /// <summary>When the send counts from, given the fastest round trip: its start, or its answer less that round trip.</summary>
        public long CountsFrom(long fastestTicks) => Trusted ? Math.Max(StartTicks, AnswerTicks - fastestTicks) : AnswerTicks;
    }

    /// <summary>
    /// The last <c>Count</c> sends of one limit: how many are on the wire (a send on the wire never leaves the window: its
    /// answer may move its time later) and, for the others, when each counts from. When the fastest round trip drops
    /// (a faster send shows that earlier round trips held waiting, not travel), the times are read again against it, so a
    /// send never counts from earlier than the fastest round trip now known allows.
    /// </summary>
    internal sealed class Window(LimitShape shape)
    {
        private readonly PriorityQueue<Answer, long> _settled = new();
        private int _onTheWire;
        private int _generation;
        private long _latest = long.MinValue;
        private long _fastestUsed;

        /// <summary>
        /// How long from <paramref name="now"/> until one more send fits, with the window widened by <paramref name="margin"/>,
        /// the times read against <paramref name="fastest"/> round trip.
        /// </summary>
        public TimeSpan WaitAt(DateTimeOffset now, TimeSpan margin, TimeSpan fastest)
        {
            if (_onTheWire + _settled.Count < shape.Count)
            {
                return TimeSpan.Zero;
            }

            // a drop of the fastest round trip within half the margin is absorbed by the margin
            if (_fastestUsed - fastest.Ticks > margin.Ticks / 2)
            {
                Reread(fastest.Ticks);
            }

            if (!_settled.TryPeek(out _, out var oldest))
            {
                return OnTheWireRecheck;
            }

            // one more fits once the oldest settled send has left the window
            var wait = oldest + shape.Span.Ticks + margin.Ticks - now.UtcTicks;
            return wait > 0 ? TimeSpan.FromTicks(wait) : TimeSpan.Zero;
        }

        /// <summary>Records a send starting now (it fits: <see cref="WaitAt"/> answered zero); returns the window's generation.</summary>
        public int Record()
        {
            if (_onTheWire + _settled.Count >= shape.Count)
            {
                _settled.Dequeue();
            }

            _onTheWire++;
            return _generation;
        }

        /// <summary>A send recorded in <paramref name="generation"/> got its answer; it counts from its start or from its answer less <paramref name="fastest"/> round trip.</summary>
        public void Complete(int generation, Answer answer, TimeSpan fastest)
        {
            if (generation != _generation || _onTheWire == 0)
            {
                return;
            }

            _onTheWire--;
            var at = answer.CountsFrom(fastest.Ticks);
            _settled.Enqueue(answer, at);
            _latest = Math.Max(_latest, at);
            if (answer.Trusted && fastest.Ticks > _fastestUsed)
            {
                _fastestUsed = fastest.Ticks;
            }
        }

        /// <summary>Treats the window as full as of <paramref name="at"/>; sends on the wire are forgotten.</summary>
        public void Fill(DateTimeOffset at)
        {
            _generation++;
            _onTheWire = 0;
            _settled.Clear();
            for (var i = 0; i < shape.Count; i++)
            {
                _settled.Enqueue(new Answer(at.UtcTicks, at.UtcTicks, Trusted: false), at.UtcTicks);
            }

            _latest = Math.Max(_latest, at.UtcTicks);
        }

        public bool IsIdleAt(DateTimeOffset now, TimeSpan margin) =>
            _onTheWire == 0 && (_settled.Count == 0 || _latest + shape.Span.Ticks + margin.Ticks <= now.UtcTicks);

        private void Reread(long fastestTicks)
        {
            var answers = new Answer[_settled.Count];
            var i = 0;
            foreach (var (answer, _) in _settled.UnorderedItems)
            {
                answers[i++] = answer;
            }

            _settled.Clear();
            foreach (var answer in answers)
            {
                var at = answer.CountsFrom(fastestTicks);
                _settled.Enqueue(answer, at);
                _latest = Math.Max(_latest, at);
            }

            _fastestUsed = fastestTicks;
        }
    }

    /// <summary>A waiter served under the lock: its slot, or the token that cancelled its wait.</summary>
    private readonly record struct Served(Waiter Waiter, RateSlot Slot, CancellationToken? Canceled);

    /// <summary>The limiter's lock, held until disposed; then the waiters served under it are completed.</summary>
    private ref struct ServingScope(DeliveryRateLimiter owner, Lock.Scope scope)
    {
        private Lock.Scope _scope = scope;

        public void Dispose()
        {
            _scope.Dispose();
            owner.DeliverServed();
        }
    }

    /// <summary>A sender waiting for a slot.</summary>
    private sealed class Waiter(DeliveryRateLimiter owner, long chatId, TelegramChatType chatType, DeliveryLane lane, bool mayPay, TimeSpan maxWait)
    {
        // completed outside the limiter's lock (DeliverServed), so its continuation may run at once on the completing thread
        public TaskCompletionSource<RateSlot> Done { get; } = new();

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public long ChatId => chatId;

        public TelegramChatType ChatType => chatType;

        public DeliveryLane Lane => lane;

        public bool MayPay => mayPay;

        public TimeSpan MaxWait => maxWait;

        public void Cancel(CancellationToken token) => owner.CancelWaiter(this, token);
    }
}
