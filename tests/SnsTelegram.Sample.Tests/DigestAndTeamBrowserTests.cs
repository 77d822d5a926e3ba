using Microsoft.Playwright;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// The features a newcomer should see in the offline demo, in a real browser: a digest that collects posts and goes out
/// as one message when the user closes it, messages held by quiet hours that arrive folded into one digest when the user
/// ends them, and a team group (a forum supergroup linked with the startgroup flow) whose notifications arrive in topics.
/// </summary>
public sealed class DigestAndTeamBrowserTests
{
    private const float Timeout = DemoBrowser.Timeout;

    [Fact]
    public async Task A_digest_collects_posts_until_closed_and_quiet_hours_hold_messages_until_they_are_ended()
    {
        await using var app = new DemoAppFactory(new()
        {
            ["Sample:FailureRate"] = "0",
            ["Sample:AutoPostIntervalSeconds"] = "3600", // posts are published when the test presses "Run now"
        });
        var baseUrl = app.Start();
        await using var browser = await DemoBrowser.LaunchAsync();
        var page = browser.Page;

        (await page.GotoAsync(baseUrl.ToString()))!.Status.ShouldBe(200);
        await page.FillAsync("#user", "dana");
        await page.ClickAsync("#sign-in");
        await page.ClickAsync("#link");
        await page.ClickAsync("#press-start");
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("linked", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-state")).ToHaveTextAsync("nothing collected", new() { Timeout = Timeout });

        // a 15-minute digest: two published posts are collected, not sent
        await page.FillAsync("#set-time-zone", "UTC");
        await page.SelectOptionAsync("#set-digest", "15");
        await page.ClickAsync("#save-settings");
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Settings saved", new() { Timeout = Timeout });
        await ScheduleNowAsync(page, "Spring sale starts today");
        await ScheduleNowAsync(page, "Summer sale starts soon");
        await page.ClickAsync("#run-now");
        await Assertions.Expect(page.Locator("#digest-state")).ToHaveTextAsync("2 collected", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-detail")).ToContainTextAsync("one digest at", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-items li")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#posts-table tbody tr .status", new() { HasText = "published" })).ToHaveCountAsync(2, new() { Timeout = Timeout });
        (await page.Locator(".msg.in", new() { HasText = "Spring sale" }).CountAsync()).ShouldBe(0, "collected, not sent");

        // "Close my digest now": one message with both posts
        await page.ClickAsync("#close-digest");
        var digest = page.Locator(".msg.in", new() { HasText = "SNS digest" });
        await Assertions.Expect(digest).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(digest).ToContainTextAsync("Spring sale", new() { Timeout = Timeout });
        await Assertions.Expect(digest).ToContainTextAsync("Summer sale", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-state")).ToHaveTextAsync("nothing collected", new() { Timeout = Timeout });

        // quiet hours in hold mode from now: a post is held, and the page says until when
        await page.SelectOptionAsync("#set-digest", "0");
        await page.ClickAsync("#save-settings");
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Settings saved", new() { Timeout = Timeout });
        await page.ClickAsync("#quiet-now");
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("notifications are held", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-quiet-mode")).ToHaveValueAsync("hold", new() { Timeout = Timeout });
        var end = await page.InputValueAsync("#set-quiet-end");
        await ScheduleNowAsync(page, "Night owl post");
        await page.ClickAsync("#run-now");
        await Assertions.Expect(page.Locator("#digest-state")).ToHaveTextAsync("1 held", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-detail")).ToContainTextAsync($"held until {end}", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#end-quiet")).ToBeVisibleAsync(new() { Timeout = Timeout });
        (await page.Locator(".msg.in", new() { HasText = "Night owl post" }).CountAsync()).ShouldBe(0, "held, not sent");
        await browser.ScreenshotAsync("demo-held.png");

        // "End quiet hours now": the quiet hours are turned off and what was held arrives as one digest
        await page.ClickAsync("#end-quiet");
        var held = page.Locator(".msg.in", new() { HasText = "While you were in quiet hours" });
        await Assertions.Expect(held).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(held).ToContainTextAsync("Night owl post", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-quiet")).Not.ToBeCheckedAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#digest-state")).ToHaveTextAsync("nothing collected", new() { Timeout = Timeout });
        await browser.ScreenshotAsync("demo-digest.png");
        browser.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_team_group_linked_with_startgroup_shows_which_topic_each_notification_went_to()
    {
        await using var app = new DemoAppFactory(new()
        {
            ["Sample:FailureRate"] = "0",
            ["Sample:AutoPostIntervalSeconds"] = "3600",
        });
        var baseUrl = app.Start();
        await using var browser = await DemoBrowser.LaunchAsync();
        var page = browser.Page;

        (await page.GotoAsync(baseUrl.ToString()))!.Status.ShouldBe(200);
        await page.FillAsync("#user", "tess");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("not linked", new() { Timeout = Timeout });

        // the startgroup link; offline, the button adds the bot to the demo's team forum, tess being its administrator
        await page.ClickAsync("#link-team");
        await Assertions.Expect(page.Locator("#link-url")).ToContainTextAsync("https://t.me/sns_demo_bot?startgroup=", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#press-start")).ToHaveTextAsync("Add the bot to the team group", new() { Timeout = Timeout });
        await page.ClickAsync("#press-start");
        await Assertions.Expect(page.Locator("#chat-tab-team")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("SNS team", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator(".msg.out").First).ToContainTextAsync("/start@sns_demo_bot", new() { Timeout = Timeout });
        var confirmation = page.Locator(".msg.in").First;
        await Assertions.Expect(confirmation).ToContainTextAsync("linked", new() { Timeout = Timeout, IgnoreCase = true });
        await Assertions.Expect(confirmation.Locator(".topic-tag")).ToHaveTextAsync("# General", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("linked", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#link-detail")).ToContainTextAsync("team group", new() { Timeout = Timeout });

        // a published post goes to the topic the bot creates for it; the daily report to its own
        await ScheduleNowAsync(page, "Team launch day");
        await page.ClickAsync("#run-now");
        var post = page.Locator(".msg.in", new() { HasText = "Team launch day" });
        await Assertions.Expect(post).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(post.Locator(".topic-tag")).ToHaveTextAsync("# ✅ Published posts", new() { Timeout = Timeout });
        await page.ClickAsync("#report-now");
        var report = page.Locator(".msg.in", new() { HasText = "Daily SNS report" });
        await Assertions.Expect(report).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(report.Locator(".topic-tag")).ToHaveTextAsync("# 📊 Daily reports", new() { Timeout = Timeout });

        // the topic list: General and each created topic, with their messages; choosing one shows only its messages
        var published = page.Locator("#topic-bar button.topic", new() { HasText = "✅ Published posts" });
        await Assertions.Expect(published).ToHaveTextAsync("✅ Published posts · 1", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#topic-bar button.topic", new() { HasText = "📊 Daily reports" })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await published.ClickAsync();
        await Assertions.Expect(page.Locator("#chat-body .msg")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#chat-body .msg")).ToContainTextAsync("Team launch day", new() { Timeout = Timeout });
        await page.ClickAsync("#topic-bar button.topic[data-topic='all']");
        await Assertions.Expect(page.Locator("#chat-body .msg")).ToHaveCountAsync(4, new() { Timeout = Timeout });
        await browser.ScreenshotAsync("demo-team.png");

        // the private chat with the bot is one tab away (tess never started it)
        await page.ClickAsync("#chat-tab-bot");
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("@sns_demo_bot", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#topic-bar")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#chat-empty")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.ClickAsync("#chat-tab-team");
        await Assertions.Expect(page.Locator("#chat-body .msg")).ToHaveCountAsync(4, new() { Timeout = Timeout });

        // on a phone the team chat and its topics fit the screen
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator("#topic-bar")).ToBeVisibleAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            .ShouldBeTrue($"the team chat is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 390 px screen");
        await browser.ScreenshotAsync("demo-team-390.png");
        browser.Errors.ShouldBeEmpty();
    }

    private static async Task ScheduleNowAsync(IPage page, string text)
    {
        var rows = await page.Locator("#posts-table tbody tr").CountAsync();
        await page.FillAsync("#text", text);
        await page.ClickAsync("#due-now");
        await page.ClickAsync("#schedule");
        await Assertions.Expect(page.Locator("#posts-table tbody tr", new() { HasText = text })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        (await page.Locator("#posts-table tbody tr").CountAsync()).ShouldBe(rows + 1);
    }
}
