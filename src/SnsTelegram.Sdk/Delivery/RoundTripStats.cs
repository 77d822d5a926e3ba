namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The round trips of the last <see cref="Capacity"/> answered sends, for the <see cref="DeliveryRateLimiter"/>: the
/// fastest one (the fixed part of the delay between a send starting here and Telegram counting it) and the spread of the
/// fastest tenth above it (how far a send may plausibly be faster than the fastest one seen). Not thread-safe: the limiter
/// calls it under its lock.
/// </summary>
internal sealed class RoundTripStats
{
    /// <summary>How many recent round trips are kept.</summary>
    public const int Capacity = 256;

    /// <summary>Which share of the round trips, from the fastest, the spread covers.</summary>
    public const double SpreadQuantile = 0.1;

    /// <summary>How many answers between two recomputations once the ring is warm.</summary>
    private const int RecomputeEvery = 16;

    private readonly long[] _ticks = new long[Capacity];
    private readonly long[] _scratch = new long[Capacity];
    private long _count;
    private int _sinceRecompute;

    /// <summary>Round trips measured so far (all of them, not only the kept ones).</summary>
    public long Count => _count;

    /// <summary>The fastest kept round trip; zero before the first one.</summary>
    public TimeSpan Fastest { get; private set; }

    /// <summary>The <see cref="SpreadQuantile"/> quantile of the kept round trips less the fastest; zero before the first one.</summary>
    public TimeSpan Spread { get; private set; }

    /// <summary>Adds the round trip of one answered send.</summary>
    public void Add(TimeSpan roundTrip)
    {
        var ticks = Math.Max(0, roundTrip.Ticks);
        _ticks[(int)(_count % Capacity)] = ticks;
        _count++;

        // a new fastest counts at once: counting a send too early is the unsafe direction
        if (_count == 1 || ticks < Fastest.Ticks)
        {
            Fastest = TimeSpan.FromTicks(ticks);
        }

        if (_count <= RecomputeEvery || ++_sinceRecompute >= RecomputeEvery)
        {
            _sinceRecompute = 0;
            Recompute();
        }
    }

    private void Recompute()
    {
        var kept = (int)Math.Min(_count, Capacity);
        Array.Copy(_ticks, _scratch, kept);
        Array.Sort(_scratch, 0, kept);
        var fastest = _scratch[0];
        var quantile = _scratch[(int)Math.Floor((kept - 1) * SpreadQuantile)];
        Fastest = TimeSpan.FromTicks(fastest);
        Spread = TimeSpan.FromTicks(quantile - fastest);
    }
}
