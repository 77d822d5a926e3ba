using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Benchmarks.Formatting;

/// <summary>Rendering cost of the messages sent most often: a published post and the daily report.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FormatterBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 2, 26, 10, 30, 0, TimeSpan.Zero);

    private readonly TelegramMessageFormatter _formatter = new(new FakeTimeProvider(At));
    private readonly MessageContext _korean = new("ko", TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));
    private readonly MessageContext _english = new("en", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

    private readonly PostPublished _published = new(
        "user-1",
        SnsPlatform.Instagram,
        "오늘의 신제품 소개! 봄 시즌 컬렉션을 만나보세요 🌸 #spring #newarrivals",
        "https://www.instagram.com/p/C1a2b3c4d5/",
        1234,
        56,
        At);

    private readonly DailySummary _daily = new(
        "user-1",
        new DateOnly(2026, 2, 25),
        24,
        22,
        2,
        23456,
        [
            new PlatformSummary(SnsPlatform.Instagram, 5, 5, 0, 1000, 200, 34, 45678),
            new PlatformSummary(SnsPlatform.Twitter, 4, 3, 1, 800, 100, 11),
            new PlatformSummary(SnsPlatform.Facebook, 3, 3, 0, 500, 50, 5),
            new PlatformSummary(SnsPlatform.TikTok, 3, 2, 1, 9000, 300, 200, 1_000_000),
            new PlatformSummary(SnsPlatform.LinkedIn, 2, 2, 0, 300, 20, 2),
            new PlatformSummary(SnsPlatform.YouTube, 3, 3, 0, 7000, 400, 100, 250_000),
            new PlatformSummary(SnsPlatform.Threads, 2, 2, 0, 200, 10, 1),
            new PlatformSummary(SnsPlatform.Pinterest, 2, 2, 0, 100, 5, 0),
        ]);

    [Benchmark(Baseline = true)]
    public TelegramMessage PostPublishedKorean() => _formatter.Format(_published, _korean);

    [Benchmark]
    public TelegramMessage PostPublishedEnglish() => _formatter.Format(_published, _english);

    [Benchmark]
    public TelegramMessage DailySummary8PlatformsKorean() => _formatter.Format(_daily, _korean);

    [Benchmark]
    public TelegramMessage DailySummary8PlatformsEnglish() => _formatter.Format(_daily, _english);
}
