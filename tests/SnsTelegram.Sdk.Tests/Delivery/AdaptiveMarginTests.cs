using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>
/// The limiter against a model of Telegram on a fake clock: each send is counted some time after it starts (the way out)
/// and answered some time after that (the way back); Telegram allows at most 30 counted sends in any one second.
/// </summary>
public sealed class AdaptiveMarginTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(300)]
    public void A_steady_round_trip_of_any_length_reaches_98_5_percent_of_the_limit_without_exceeding_it(int roundTripMs)
    {
        using var limiter = Limiter();
        var half = TimeSpan.FromMilliseconds(roundTripMs / 2.0);

        var run = Simulate(limiter, TimeSpan.FromSeconds(30), _ => (half, half));

        run.MaxCountedInAnySecond.ShouldBeLessThanOrEqualTo(30);
        run.Throughput(from: TimeSpan.FromSeconds(5), to: TimeSpan.FromSeconds(25)).ShouldBeGreaterThanOrEqualTo(0.985 * 30);
        limiter.FastestRoundTrip.ShouldBe(TimeSpan.FromMilliseconds(roundTripMs));
        limiter.Margin.ShouldBe(TimeSpan.FromMilliseconds(5), "no variation: the margin stays at its floor");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_jittery_way_out_with_slow_outliers_never_exceeds_the_limit_and_the_margin_grows_with_the_jitter(int seed)
    {
        using var limiter = Limiter();

        // the way out takes 100-160 ms, and one send in fifty is stuck for another second; the way back 100-110 ms
        var run = Simulate(limiter, TimeSpan.FromSeconds(30), random =>
        {
            var up = TimeSpan.FromMilliseconds(100 + (random.NextDouble() * 60) + (random.Next(50) == 0 ? 1000 : 0));
            return (up, TimeSpan.FromMilliseconds(100 + (random.NextDouble() * 10)));
        }, seed);

        run.MaxCountedInAnySecond.ShouldBeLessThanOrEqualTo(30);
        run.Throughput(from: TimeSpan.FromSeconds(5), to: TimeSpan.FromSeconds(25)).ShouldBeGreaterThanOrEqualTo(0.9 * 30);
        limiter.Margin.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(5), "the margin is the measured spread, above the floor");
        limiter.Margin.ShouldBeLessThan(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_jittery_way_back_is_never_taken_for_a_late_count()
    {
        using var limiter = Limiter();
        var run = Simulate(limiter, TimeSpan.FromSeconds(30), random =>
            (TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50 + (random.NextDouble() * 60))));

        run.MaxCountedInAnySecond.ShouldBeLessThanOrEqualTo(30);
        run.Throughput(from: TimeSpan.FromSeconds(5), to: TimeSpan.FromSeconds(25)).ShouldBeGreaterThanOrEqualTo(0.9 * 30);
    }

    [Fact]
    public void Once_round_trips_are_known_a_slow_send_counts_from_its_answer_less_the_fastest_round_trip()
    {
        using var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 1; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        for (var i = 0; i < DeliveryRateLimiter.WarmUpRoundTrips; i++)
        {
            limiter.TryAcquire(1000 + i, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            limiter.Complete(lease);
        }

        limiter.TryAcquire(7, TelegramChatType.Private, out var slow).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        limiter.Complete(slow);

        // counted at most 100 ms before its answer: the chat's next send waits 1 s from then
        limiter.TryAcquire(7, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromMilliseconds(900));
        limiter.FastestRoundTrip.ShouldBe(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void When_a_faster_round_trip_shows_up_the_sends_already_counted_are_read_again_against_it()
    {
        // the first round trips all took 500 ms (a busy start: the time was spent waiting, not travelling)
        using var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 1; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        for (var i = 0; i < DeliveryRateLimiter.WarmUpRoundTrips; i++)
        {
            limiter.TryAcquire(1000 + i, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
            _time.Advance(TimeSpan.FromMilliseconds(500));
            limiter.Complete(lease);
        }

        limiter.TryAcquire(7, TelegramChatType.Private, out var held).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        limiter.Complete(held);
        limiter.TryAcquire(7, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromMilliseconds(500), "against a 500 ms fastest round trip it counts from its start");

        // a 10 ms round trip: the 500 ms one may have reached Telegram as late as 10 ms before its answer
        limiter.TryAcquire(8, TelegramChatType.Private, out var quick).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        limiter.Complete(quick);

        limiter.FastestRoundTrip.ShouldBe(TimeSpan.FromMilliseconds(10));
        limiter.TryAcquire(7, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromMilliseconds(980));
    }

    [Fact]
    public void A_send_that_got_no_answer_counts_from_when_the_call_ended()
    {
        using var limiter = Limiter(d => { d.GlobalMessagesPerSecond = 0; d.PrivateChatMessagesPerSecond = 1; d.PrivateChatBurst = 1; d.RateLimitSafetyMargin = TimeSpan.Zero; });
        for (var i = 0; i < DeliveryRateLimiter.WarmUpRoundTrips; i++)
        {
            limiter.TryAcquire(1000 + i, TelegramChatType.Private, out var lease).ShouldBe(TimeSpan.Zero);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            limiter.Complete(lease);
        }

        limiter.TryAcquire(7, TelegramChatType.Private, out var lost).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(10));
        limiter.Complete(lost, answered: false);

        limiter.TryAcquire(7, TelegramChatType.Private, out _).ShouldBe(TimeSpan.FromSeconds(1));
        limiter.FastestRoundTrip.ShouldBe(TimeSpan.FromMilliseconds(100), "a timeout is not a round trip");
    }

    [Fact]
    public void Round_trip_stats_follow_the_recent_round_trips()
    {
        var stats = new RoundTripStats();
        for (var i = 0; i < RoundTripStats.Capacity; i++)
        {
            stats.Add(TimeSpan.FromMilliseconds(100 + i));
        }

        stats.Fastest.ShouldBe(TimeSpan.FromMilliseconds(100));
        stats.Spread.ShouldBe(TimeSpan.FromMilliseconds(25), "the tenth-fastest of 256 round trips is 25 ms above the fastest");

        // the round trips get steady and a little slower: the old ones leave, the spread shrinks to nothing
        for (var i = 0; i < RoundTripStats.Capacity; i++)
        {
            stats.Add(TimeSpan.FromMilliseconds(150));
        }

        stats.Fastest.ShouldBe(TimeSpan.FromMilliseconds(150));
        stats.Spread.ShouldBe(TimeSpan.Zero);

        // a faster round trip counts at once
        stats.Add(TimeSpan.FromMilliseconds(90));
        stats.Fastest.ShouldBe(TimeSpan.FromMilliseconds(90));
        stats.Count.ShouldBe(2 * RoundTripStats.Capacity + 1);
    }

    /// <summary>Greedy senders (one new chat each) for <paramref name="duration"/>; each send's delays come from <paramref name="delays"/>.</summary>
    private Run Simulate(DeliveryRateLimiter limiter, TimeSpan duration, Func<Random, (TimeSpan Up, TimeSpan Down)> delays, int seed = 7)
    {
        var random = new Random(seed);
        var start = _time.GetUtcNow();
        var end = start + duration;
        var started = new List<DateTimeOffset>();
        var counted = new List<DateTimeOffset>();
        var onTheWire = new PriorityQueue<RateLimitLease, DateTimeOffset>();
        long chat = 0;
        while (_time.GetUtcNow() < end)
        {
            var now = _time.GetUtcNow();
            while (onTheWire.TryPeek(out var answered, out var answerAt) && answerAt <= now)
            {
                onTheWire.Dequeue();
                limiter.Complete(answered);
            }

            var wait = limiter.TryAcquire(++chat, TelegramChatType.Private, out var lease);
            if (wait == TimeSpan.Zero)
            {
                var (up, down) = delays(random);
                started.Add(now);
                counted.Add(now + up);
                onTheWire.Enqueue(lease, now + up + down);
                continue;
            }

            var next = now + wait;
            if (onTheWire.TryPeek(out _, out var firstAnswer) && firstAnswer < next)
            {
                next = firstAnswer;
            }

            _time.Advance(next - now);
        }

        return new Run(start, started, counted);
    }

    private DeliveryRateLimiter Limiter(Action<DeliveryOptions>? configure = null)
    {
        var options = new SnsTelegramOptions();
        options.Delivery.GlobalMessagesPerSecond = 30;
        options.Delivery.PrivateChatMessagesPerSecond = 0;
        configure?.Invoke(options.Delivery);
        return new DeliveryRateLimiter(Options.Create(options), _time);
    }

    private sealed record Run(DateTimeOffset Start, List<DateTimeOffset> Started, List<DateTimeOffset> Counted)
    {
        public int MaxCountedInAnySecond => DeliveryRateLimiterTests.MaxInAnyWindow(Counted, TimeSpan.FromSeconds(1));

        /// <summary>Sends started per second between two moments of the run.</summary>
        public double Throughput(TimeSpan from, TimeSpan to) =>
            Started.Count(s => s >= Start + from && s < Start + to) / (to - from).TotalSeconds;
    }
}
