using Microsoft.Playwright;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// The whole offline story in a real browser: open the demo page, sign in, link Telegram by pressing Start in the
/// simulated chat, schedule a post due now, and see the notification arrive in the chat pane.
/// </summary>
public sealed class DemoPageBrowserTests
{
    private const float Timeout = DemoBrowser.Timeout;

    [Fact]
    public async Task A_user_links_telegram_in_the_simulated_chat_and_sees_the_notification_of_a_post_due_now()
    {
        await using var app = new DemoAppFactory(new()
        {
            ["Sample:FailureRate"] = "0",
            ["Sample:AutoPostIntervalSeconds"] = "2",
        });
        var baseUrl = app.Start();

        await using var browser = await DemoBrowser.LaunchAsync();
        var page = browser.Page;
        var errors = browser.Errors;

        var response = await page.GotoAsync(baseUrl.ToString());
        response.ShouldNotBeNull($"no response from {baseUrl}");
        response.Status.ShouldBe(200, $"{baseUrl} answered {response.Status}: {await page.ContentAsync()}");
        await Assertions.Expect(page.Locator("#mode-badge")).ToContainTextAsync("offline demo", new() { Timeout = Timeout });

        // sign in
        await page.FillAsync("#user", "alice");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#whoami-name")).ToHaveTextAsync("alice", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("not linked", new() { Timeout = Timeout });

        // link: deep link + QR code, then Start in the simulated chat
        await page.ClickAsync("#link");
        await Assertions.Expect(page.Locator("#link-url")).ToContainTextAsync("https://t.me/sns_demo_bot?start=", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => document.getElementById('link-qr').naturalWidth > 0", null, new() { Timeout = Timeout });
        await page.ClickAsync("#press-start");
        await Assertions.Expect(page.Locator(".msg.out").First).ToContainTextAsync("/start", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator(".msg.in").First).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("linked", new() { Timeout = Timeout });
        var botMessagesAfterLink = await page.Locator(".msg.in").CountAsync();

        // schedule a post due now and watch the notification arrive
        await page.SelectOptionAsync("#platform", "instagram");
        await page.FillAsync("#text", "Spring sale starts today 🌸");
        await page.ClickAsync("#due-now");
        await page.ClickAsync("#schedule");
        await Assertions.Expect(page.Locator("#posts-table tbody tr").First).ToContainTextAsync("Spring sale", new() { Timeout = Timeout });

        var notification = page.Locator(".msg.in").Filter(new() { HasText = "Spring sale starts today" });
        await Assertions.Expect(notification).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(notification.Locator(".bubble strong").First).ToBeVisibleAsync(new() { Timeout = Timeout }); // rendered from a bold entity
        await Assertions.Expect(notification).ToContainTextAsync("Instagram", new() { Timeout = Timeout });
        (await page.Locator(".msg.in").CountAsync()).ShouldBeGreaterThan(botMessagesAfterLink);
        await Assertions.Expect(page.Locator("#posts-table tbody tr").First.Locator(".status")).ToHaveTextAsync("published", new() { Timeout = Timeout });

        // the ❤ button reports 100 more likes: the same chat message is edited in place, no new message
        var messagesBeforeEdit = await page.Locator(".msg.in").CountAsync();
        var like = page.Locator("#posts-table tbody tr").First.Locator("button.like");
        var likes = long.Parse((await like.InnerTextAsync()).Replace("❤", string.Empty, StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await like.ClickAsync();
        var edited = (likes + 100).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(notification).ToContainTextAsync(edited, new() { Timeout = Timeout });
        (await page.Locator(".msg.in").CountAsync()).ShouldBe(messagesBeforeEdit);

        // the Telegram user asks for /status; the bot answers in the chat
        var before = await page.Locator(".msg.in").CountAsync();
        await page.ClickAsync("[data-send='/status']");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('.msg.in').length > {before}", null, new() { Timeout = Timeout });

        // the preference centre inside the chat: one message whose buttons edit it in place
        await page.ClickAsync("[data-send='/settings']");
        var menu = page.Locator(".msg.in").Filter(new() { HasText = "Choose what to change" });
        await Assertions.Expect(menu).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var messagesWithMenu = await page.Locator(".msg.in").CountAsync();
        await menu.Locator(".keyboard button", new() { HasText = "Daily report" }).ClickAsync();
        var reportScreen = page.Locator(".msg.in").Filter(new() { HasText = "Now:" });
        await Assertions.Expect(reportScreen).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await reportScreen.Locator(".keyboard button", new() { HasText = "18:00" }).ClickAsync();
        await Assertions.Expect(page.Locator("#chat-toast")).ToHaveTextAsync("Saved", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-report-time")).ToHaveValueAsync("18:00", new() { Timeout = Timeout });
        (await page.Locator(".msg.in").CountAsync()).ShouldBe(messagesWithMenu); // edited, never sent anew

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "demo-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        File.Exists(screenshot).ShouldBeTrue();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task On_a_phone_the_settings_the_report_now_and_button_answers_work_without_horizontal_scrolling()
    {
        await using var app = new DemoAppFactory(new() { ["Sample:FailureRate"] = "0" });
        var baseUrl = app.Start();

        await using var browser = await DemoBrowser.LaunchAsync(390, 844, phone: true);
        var page = browser.Page;
        var errors = browser.Errors;
        async Task NoHorizontalScrollAsync(string when) =>
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .ShouldBeTrue($"{when}: the page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 390 px screen");

        (await page.GotoAsync(baseUrl.ToString()))!.Status.ShouldBe(200);
        var favicon = await page.APIRequest.GetAsync(new Uri(baseUrl, "favicon.ico").ToString());
        favicon.Status.ShouldBe(200);
        (await favicon.BodyAsync()).Length.ShouldBeGreaterThan(100);
        await Assertions.Expect(page.Locator("#mode-badge")).ToContainTextAsync("offline demo", new() { Timeout = Timeout });
        await NoHorizontalScrollAsync("before signing in");

        await page.FillAsync("#user", "mina");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("not linked", new() { Timeout = Timeout });

        // offline, the deep link itself opens the simulated chat (no real Telegram)
        await page.ClickAsync("#link");
        await Assertions.Expect(page.Locator("#link-url")).ToContainTextAsync("?start=", new() { Timeout = Timeout });
        await page.ClickAsync("#link-url");
        await Assertions.Expect(page.Locator(".msg.out").First).ToContainTextAsync("/start", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("linked", new() { Timeout = Timeout });
        await NoHorizontalScrollAsync("linked, with the link box and the chat");

        // settings: Korean, quiet hours, post_success muted; saved through PATCH settings
        await page.SelectOptionAsync("#set-language", "ko");
        await page.FillAsync("#set-time-zone", "Asia/Seoul");
        await page.CheckAsync("#set-muted input[value='post_success']");
        await page.CheckAsync("#set-quiet");
        await page.SelectOptionAsync("#set-quiet-mode", "silent");
        await page.SelectOptionAsync("#set-digest", "60");
        await page.ClickAsync("#save-settings");
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Settings saved", new() { Timeout = Timeout });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#set-language")).ToHaveValueAsync("ko", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-time-zone")).ToHaveValueAsync("Asia/Seoul", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-muted input[value='post_success']")).ToBeCheckedAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-quiet")).ToBeCheckedAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-digest")).ToHaveValueAsync("60", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#set-quiet-mode")).ToHaveValueAsync("silent", new() { Timeout = Timeout });

        // the report of today so far, at once, in the language just chosen
        await page.ClickAsync("#report-now");
        var report = page.Locator(".msg.in").Filter(new() { HasText = "일일 SNS 리포트" });
        await Assertions.Expect(report).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // a button's answer shows over the chat, as Telegram shows it
        await report.Locator(".keyboard button").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#chat-toast")).ToBeVisibleAsync(new() { Timeout = Timeout });
        (await page.Locator("#chat-toast").InnerTextAsync()).Trim().ShouldNotBeEmpty();
        await NoHorizontalScrollAsync("with a report and a toast in the chat");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "demo-page-390.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        errors.ShouldBeEmpty();
    }
}
