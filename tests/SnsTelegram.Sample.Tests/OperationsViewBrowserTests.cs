using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SnsTelegram.Sample.Web.Demo;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// The demo page's Operations tab in a real browser, drawn from the operator's API: an operator sees the delivery rate
/// chart and the queue by lane, resends a dead letter, runs a job now and pauses delivery; a user who is not an operator
/// never sees the tab.
/// </summary>
public sealed class OperationsViewBrowserTests
{
    private const float Timeout = DemoBrowser.Timeout;

    [Fact]
    public async Task An_operator_sees_the_rate_chart_resends_a_dead_letter_runs_a_job_now_and_pauses_delivery()
    {
        await using var app = new DemoAppFactory(new()
        {
            ["Sample:FailureRate"] = "0",
            ["Sample:AutoPostIntervalSeconds"] = "3600", // sns_auto_post runs only when asked to in this test
            ["SnsTelegram:Delivery:MaxAttempts"] = "1", // a failed send is dead-lettered at once
        });
        var baseUrl = app.Start();

        await using var browser = await DemoBrowser.LaunchAsync();
        var page = browser.Page;
        var errors = browser.Errors;
        var expect = new LocatorAssertionsToHaveCountOptions { Timeout = Timeout };

        (await page.GotoAsync(baseUrl.ToString()))!.Status.ShouldBe(200);
        await Assertions.Expect(page.Locator("#mode-badge")).ToContainTextAsync("offline demo", new() { Timeout = Timeout });

        // sign in as an operator and link Telegram in the simulated chat
        await page.FillAsync("#user", "olga");
        await page.CheckAsync("#operator");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#tab-ops")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.ClickAsync("#link");
        await page.ClickAsync("#press-start");
        await Assertions.Expect(page.Locator("#link-status")).ToHaveTextAsync("linked", new() { Timeout = Timeout });

        // Telegram fails the next send: with one attempt allowed, the report is dead-lettered at once
        var emulator = app.Services.GetRequiredService<OfflineDemo>().Emulator;
        emulator.Faults.FailNext(1, 500, "sendMessage");
        await page.ClickAsync("#report-now");

        await page.ClickAsync("#tab-ops");
        await Assertions.Expect(page.Locator("#ops-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#demo-view")).ToBeHiddenAsync(new() { Timeout = Timeout });
        var deadLetter = page.Locator("#dead-letters-table tbody tr").Filter(new() { HasText = "olga" });
        await Assertions.Expect(deadLetter).ToHaveCountAsync(1, expect);
        await Assertions.Expect(deadLetter).ToContainTextAsync("daily_summary", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-dead")).ToHaveTextAsync("1", new() { Timeout = Timeout });

        // Resend: it leaves the list and arrives in the chat
        var chatMessages = await page.Locator(".msg.in").CountAsync();
        await deadLetter.Locator("button.resend").ClickAsync();
        await Assertions.Expect(page.Locator("#dead-letters-result")).ToContainTextAsync("back in the queue", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#dead-letters-table tbody tr")).ToHaveCountAsync(0, expect);
        await Assertions.Expect(page.Locator("#dead-letters-empty")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('.msg.in').length > {chatMessages}", null, new() { Timeout = Timeout });

        // the chart: points of the rate drawn by the page, one of them above zero after the resent message went out
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#ops-chart circle.point').length >= 2", null, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-chart polyline.rate-line")).ToHaveCountAsync(1, expect);
        await page.WaitForFunctionAsync("() => parseFloat(document.getElementById('ops-rate').textContent) > 0", null, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-lanes rect.bar")).ToHaveCountAsync(3, expect);
        await Assertions.Expect(page.Locator("#ops-state")).ToHaveTextAsync("delivering", new() { Timeout = Timeout });

        // Run now on sns_auto_post: its last run becomes this manual one
        var job = page.Locator("#jobs-table tbody tr[data-job='sns_auto_post']");
        await Assertions.Expect(job).ToHaveCountAsync(1, expect);
        var lastRunBefore = await job.Locator("td.last-run").InnerTextAsync();
        lastRunBefore.ShouldNotContain("manual");
        await job.Locator("button.run-job").ClickAsync();
        await Assertions.Expect(page.Locator("#jobs-result")).ToContainTextAsync("sns_auto_post: started", new() { Timeout = Timeout });
        await Assertions.Expect(job.Locator("td.last-run")).ToContainTextAsync("manual", new() { Timeout = Timeout });
        await Assertions.Expect(job.Locator("td.outcome")).ToHaveTextAsync("succeeded", new() { Timeout = Timeout });

        // Pause and resume delivery
        await page.ClickAsync("#ops-pause");
        await Assertions.Expect(page.Locator("#ops-state")).ToHaveTextAsync("paused", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-state-detail")).ToContainTextAsync("by olga", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-pause")).ToHaveTextAsync("Resume delivery", new() { Timeout = Timeout });
        await page.ClickAsync("#ops-pause");
        await Assertions.Expect(page.Locator("#ops-state")).ToHaveTextAsync("delivering", new() { Timeout = Timeout });

        // Telegram answers 429 with retry_after 30: the page shows the pause and the message waiting in its lane
        emulator.Faults.TooManyRequestsNext(1, retryAfterSeconds: 30, method: "sendMessage");
        await page.ClickAsync("#tab-demo");
        await page.FillAsync("#text", "Flash sale at noon");
        await page.ClickAsync("#due-now");
        await page.ClickAsync("#schedule");
        await Assertions.Expect(page.Locator("#posts-table tbody tr").First).ToContainTextAsync("Flash sale", new() { Timeout = Timeout });
        await page.ClickAsync("#run-now");
        await page.ClickAsync("#tab-ops");
        await Assertions.Expect(page.Locator("#ops-state")).ToHaveTextAsync("429 pause", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-state-detail")).ToContainTextAsync("wait until", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#ops-lanes rect.bar')].reduce((n, r) => n + Number(r.dataset.count), 0) >= 1", null, new() { Timeout = Timeout });

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "demo-operations.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });

        // on a phone the operations view fits the screen
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#ops-chart circle.point').length >= 2 && document.getElementById('ops-chart').viewBox.baseVal.width <= window.innerWidth", null, new() { Timeout = Timeout });
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            .ShouldBeTrue($"the operations view is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 390 px screen");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "demo-operations-390.png"), FullPage = true });

        // a user who is not an operator never sees the tab
        await page.ClickAsync("#sign-out");
        await page.UncheckAsync("#operator");
        await page.FillAsync("#user", "nina");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#whoami-name")).ToHaveTextAsync("nina", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#tabs")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#ops-view")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#demo-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#whoami-name")).ToHaveTextAsync("nina", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#tabs")).ToBeHiddenAsync(new() { Timeout = Timeout });
        errors.ShouldBeEmpty();
    }
}
