using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.Tests.Scheduling;

public sealed class CronScheduleTests
{
    public static TheoryData<string, string, string, string> DstCases => new()
    {
        // zone, cron, after (UTC), expected next (UTC)
        // New York spring-forward 2026-03-08 02:00 EST -> 03:00 EDT: 02:30 is skipped and runs at 03:00 EDT (07:00Z).
        { "America/New_York", "30 2 * * *", "2026-03-07T08:00:00Z", "2026-03-08T07:00:00Z" },
        { "America/New_York", "30 2 * * *", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z" },
        // New York fall-back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice and runs once, at the first (EDT, 05:30Z).
        { "America/New_York", "30 1 * * *", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z" },
        { "America/New_York", "30 1 * * *", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z" },
        // Berlin spring-forward 2026-03-29 02:00 CET -> 03:00 CEST.
        { "Europe/Berlin", "30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
        { "Europe/Berlin", "30 2 * * *", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z" },
        // Berlin fall-back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 repeats; first instance 00:30Z.
        { "Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z" },
        { "Europe/Berlin", "30 2 * * *", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z" },
        // Lord Howe: 30-minute shift. Spring-forward 2026-10-04 02:00 -> 02:30 (+10:30 -> +11): 02:15 runs at 02:30 (15:30Z).
        { "Australia/Lord_Howe", "15 2 * * *", "2026-10-03T00:00:00Z", "2026-10-03T15:30:00Z" },
        { "Australia/Lord_Howe", "15 2 * * *", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z" },
        // Lord Howe fall-back 2026-04-05 02:00 -> 01:30 (+11 -> +10:30): 01:45 repeats; first instance at +11 (14:45Z).
        { "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T00:00:00Z", "2026-04-04T14:45:00Z" },
        { "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z" },
        // Seoul has no daylight saving: 09:00 KST is 00:00Z every day.
        { "Asia/Seoul", "0 9 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z" },
        { "UTC", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z" },
        // Six fields (seconds first).
        { "Europe/Berlin", "15 30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
        { "UTC", "*/20 * * * * *", "2026-03-08T09:00:05Z", "2026-03-08T09:00:20Z" },
    };

    [Theory]
    [MemberData(nameof(DstCases))]
    public void Next_occurrence_follows_the_daylight_saving_rules(string zone, string cron, string after, string expected)
    {
        var schedule = JobSchedule.Cron(cron, Zones.Get(zone));
        schedule.GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("America/New_York", "30 2 * * *")]
    [InlineData("America/New_York", "30 1 * * *")]
    [InlineData("Europe/Berlin", "30 2 * * *")]
    [InlineData("Australia/Lord_Howe", "15 2 * * *")]
    [InlineData("Australia/Lord_Howe", "45 1 * * *")]
    [InlineData("Asia/Seoul", "0 9 * * *")]
    [InlineData("UTC", "0 0 * * *")]
    public void A_daily_local_time_runs_exactly_once_per_local_date_for_a_whole_year(string zoneId, string cron)
    {
        var zone = Zones.Get(zoneId);
        var schedule = JobSchedule.Cron(cron, zone);
        var cursor = Zones.Utc(2026, 1, 1);
        var dates = new List<DateOnly>();
        DateTimeOffset? previous = null;
        while (schedule.GetNextOccurrence(cursor) is { } next && next < Zones.Utc(2027, 1, 1))
        {
            if (previous is { } p)
            {
                next.ShouldBeGreaterThan(p);
            }

            dates.Add(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, zone).DateTime));
            previous = next;
            cursor = next;
        }

        dates.Distinct().Count().ShouldBe(dates.Count, "a local date ran twice");
        dates.Count.ShouldBeInRange(364, 366);
    }

    [Fact]
    public void Every_fifteen_minutes_through_a_fall_back_never_repeats_an_instant_and_covers_the_skipped_hour()
    {
        var zone = Zones.Get("America/New_York");
        var schedule = JobSchedule.Cron("*/15 * * * *", zone);

        // Spring-forward: 01:45 EST (06:45Z), then the skipped 02:xx all map to 03:00 EDT (07:00Z) once, then 03:15 EDT.
        var spring = Walk(schedule, Zones.Utc(2026, 3, 8, 6, 30), Zones.Utc(2026, 3, 8, 7, 30));
        spring.ShouldBe([Zones.Utc(2026, 3, 8, 6, 45), Zones.Utc(2026, 3, 8, 7, 0), Zones.Utc(2026, 3, 8, 7, 15), Zones.Utc(2026, 3, 8, 7, 30)]);

        // Fall-back: 01:00-01:45 run in their first (EDT) instance only; the repeated hour (06:00-07:00Z) is quiet.
        var fall = Walk(schedule, Zones.Utc(2026, 11, 1, 4, 50), Zones.Utc(2026, 11, 1, 7, 15));
        fall.ShouldBe([
            Zones.Utc(2026, 11, 1, 5, 0), Zones.Utc(2026, 11, 1, 5, 15), Zones.Utc(2026, 11, 1, 5, 30), Zones.Utc(2026, 11, 1, 5, 45),
            Zones.Utc(2026, 11, 1, 7, 0), Zones.Utc(2026, 11, 1, 7, 15),
        ]);
    }

    [Fact]
    public void Latest_finds_the_last_occurrence_in_a_range_and_nothing_in_an_empty_one()
    {
        var hourly = JobSchedule.Cron("0 * * * *");
        CronOccurrences.Latest(hourly, Zones.Utc(2026, 1, 1), Zones.Utc(2026, 1, 1, 5, 30)).ShouldBe(Zones.Utc(2026, 1, 1, 5));
        CronOccurrences.Latest(hourly, Zones.Utc(2026, 1, 1, 5), Zones.Utc(2026, 1, 1, 5, 59)).ShouldBeNull();
        CronOccurrences.Latest(hourly, Zones.Utc(2025, 1, 1), Zones.Utc(2026, 1, 1, 5)).ShouldBe(Zones.Utc(2026, 1, 1, 5));
        var yearly = JobSchedule.Cron("0 0 1 1 *");
        CronOccurrences.Latest(yearly, Zones.Utc(2020, 6, 1), Zones.Utc(2026, 6, 1)).ShouldBe(Zones.Utc(2026, 1, 1));
        var everySecond = JobSchedule.Every(TimeSpan.FromSeconds(1));
        CronOccurrences.Latest(everySecond, Zones.Utc(2000, 1, 1), Zones.Utc(2026, 6, 1, 0, 0).AddSeconds(0.5)).ShouldBe(Zones.Utc(2026, 6, 1));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("61 * * * *")]
    [InlineData("a b c d e")]
    [InlineData("* * * * * * *")]
    public void A_bad_cron_expression_is_refused_with_a_reason(string cron) =>
        Should.Throw<ArgumentException>(() => JobSchedule.Cron(cron)).Message.ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void Intervals_sit_on_a_grid_so_every_instance_computes_the_same_instants()
    {
        var every = JobSchedule.Every(TimeSpan.FromMinutes(1));
        every.GetNextOccurrence(Zones.Utc(2026, 1, 1, 9, 0).AddSeconds(17)).ShouldBe(Zones.Utc(2026, 1, 1, 9, 1));
        every.GetNextOccurrence(Zones.Utc(2026, 1, 1, 9, 1)).ShouldBe(Zones.Utc(2026, 1, 1, 9, 2));
    }

    private static List<DateTimeOffset> Walk(JobSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<DateTimeOffset>();
        var cursor = from;
        while (schedule.GetNextOccurrence(cursor) is { } next && next <= to)
        {
            result.Add(next);
            cursor = next;
        }

        return result;
    }
}
