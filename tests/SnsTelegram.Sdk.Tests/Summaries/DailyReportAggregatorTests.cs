using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.Tests.Summaries;

public sealed class DailyReportAggregatorTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_posts_outcomes_engagement_and_platform_lines_ordered_by_posts_then_name()
    {
        var aggregator = new DailyReportAggregator();
        aggregator.Track("u1", new DateOnly(2026, 3, 9), Day, Day.AddDays(1));
        PostActivity[] activity =
        [
            new("u1", SnsPlatform.Twitter, PostOutcome.Succeeded, Day.AddHours(1), Likes: 10, Comments: 2, Shares: 1, Views: 100),
            new("u1", SnsPlatform.Instagram, PostOutcome.Succeeded, Day.AddHours(2), Likes: 5, Comments: 1, Shares: 0, Views: 50),
            new("u1", SnsPlatform.Instagram, PostOutcome.Failed, Day.AddHours(3)),
            new("u1", SnsPlatform.Parse("IG"), PostOutcome.Succeeded, Day.AddHours(4), Likes: 1),
            new("u1", SnsPlatform.Facebook, PostOutcome.Failed, Day.AddHours(5), Likes: 99),
            new("u1", SnsPlatform.LinkedIn, PostOutcome.Succeeded, Day.AddHours(6)),
        ];
        foreach (var a in activity)
        {
            aggregator.Add(a).ShouldBeTrue();
        }

        var summary = aggregator.Build("u1");
        summary.UserId.ShouldBe("u1");
        summary.Date.ShouldBe(new DateOnly(2026, 3, 9));
        summary.TotalPosts.ShouldBe(6);
        summary.Succeeded.ShouldBe(4);
        summary.Failed.ShouldBe(2);
        summary.TotalEngagement.ShouldBe(10 + 2 + 1 + 5 + 1 + 1); // a failed post's numbers are not engagement
        summary.Platforms.Select(p => p.Platform.Id).ShouldBe(["instagram", "facebook", "linkedin", "twitter"]);
        var instagram = summary.Platforms[0];
        instagram.ShouldBe(new PlatformSummary(SnsPlatform.Instagram, 3, 2, 1, Likes: 6, Comments: 1, Shares: 0, Views: 50));
        summary.Platforms[3].ShouldBe(new PlatformSummary(SnsPlatform.Twitter, 1, 1, 0, 10, 2, 1, 100));
        summary.Platforms[1].ShouldBe(new PlatformSummary(SnsPlatform.Facebook, 1, 0, 1));
    }

    [Fact]
    public void Ignores_untracked_users_and_activity_outside_each_users_own_range()
    {
        var aggregator = new DailyReportAggregator();
        aggregator.Track("early", new DateOnly(2026, 3, 8), Day.AddHours(-9), Day.AddHours(15)); // Seoul's 8 March
        aggregator.Track("late", new DateOnly(2026, 3, 8), Day.AddHours(5), Day.AddHours(29)); // New York's 8 March (EDT)

        aggregator.Add(new PostActivity("early", SnsPlatform.Threads, PostOutcome.Succeeded, Day.AddHours(-9))).ShouldBeTrue(); // start is inside
        aggregator.Add(new PostActivity("early", SnsPlatform.Threads, PostOutcome.Succeeded, Day.AddHours(15))).ShouldBeFalse(); // end is outside
        aggregator.Add(new PostActivity("late", SnsPlatform.Threads, PostOutcome.Succeeded, Day.AddHours(4))).ShouldBeFalse();
        aggregator.Add(new PostActivity("late", SnsPlatform.Threads, PostOutcome.Succeeded, Day.AddHours(28))).ShouldBeTrue();
        aggregator.Add(new PostActivity("stranger", SnsPlatform.Threads, PostOutcome.Succeeded, Day.AddHours(1))).ShouldBeFalse();

        aggregator.Build("early").TotalPosts.ShouldBe(1);
        aggregator.Build("late").TotalPosts.ShouldBe(1);
        Should.Throw<ArgumentException>(() => aggregator.Build("stranger"));
    }

    [Fact]
    public void A_user_without_activity_gets_an_empty_report()
    {
        var aggregator = new DailyReportAggregator();
        aggregator.Track("quiet", new DateOnly(2026, 3, 9), Day, Day.AddDays(1));
        var summary = aggregator.Build("quiet");
        summary.TotalPosts.ShouldBe(0);
        summary.TotalEngagement.ShouldBe(0);
        summary.Platforms.ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_range_is_refused() =>
        Should.Throw<ArgumentException>(() => new DailyReportAggregator().Track("u", new DateOnly(2026, 3, 9), Day, Day));
}
