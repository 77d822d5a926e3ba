using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Operations;

/// <summary>
/// The operator's endpoints and the user's activity log through real HTTP: the app on Kestrel with a SQLite file, JWT
/// bearer operators (the policy <c>admin</c> wants <c>role=operator</c>) and the Telegram emulator.
/// </summary>
public sealed class AdminEndpointTests : IAsyncLifetime
{
    private static readonly string Operator = TelegramTestApp.OperatorJwt("ops@example.com");
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(
        TelegramUpdateMode.Webhook,
        o => o.Delivery.MaxAttempts = 1, // a failed send is dead-lettered at once
        endpoints: app => app.MapTelegramAdminEndpoints().RequireAuthorization(TelegramTestApp.AdminPolicy));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ISnsTelegramNotifier Notifier => _app.App.Services.GetRequiredService<ISnsTelegramNotifier>();

    [Fact]
    public async Task Admin_endpoints_that_the_app_did_not_guard_refuse_everyone()
    {
        await using var unguarded = await TelegramTestApp.StartAsync(TelegramUpdateMode.None, endpoints: app => app.MapTelegramAdminEndpoints());

        foreach (var (method, path) in new[] { ("GET", "outbox"), ("GET", "dead-letters"), ("POST", "delivery/pause"), ("POST", "jobs/telegram_housekeeping/run"), ("GET", "users/alice") })
        {
            var (anonymous, anonymousBody) = await unguarded.AdminAsync(new HttpMethod(method), path, bearer: null);
            anonymous.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path} anonymous");
            anonymousBody.GetProperty("status").GetString().ShouldBe("error");
            (await unguarded.AdminAsync(new HttpMethod(method), path, Operator)).Status.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path} as an operator of an unguarded app");
        }

        (await unguarded.App.Services.GetRequiredService<IOutboxStore>().GetPauseAsync()).ShouldBeNull("nothing was paused");
    }

    [Fact]
    public async Task Guarded_admin_endpoints_follow_the_apps_policy()
    {
        (await _app.AdminAsync(HttpMethod.Get, "outbox", bearer: null)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await _app.AdminAsync(HttpMethod.Get, "outbox", TelegramTestApp.OperatorJwt("mallory", isOperator: false))).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (status, body) = await _app.AdminAsync(HttpMethod.Get, "outbox", Operator);
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("delivery").GetProperty("paused").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_dead_letter_is_listed_resent_and_delivered()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("dl-user", user);
        await _app.NextMessageAsync(user.ChatId);
        _app.Emulator.Faults.FailNext(1, 500, "sendMessage");

        (await Notifier.NotifyAsync(new PostPublished("dl-user", SnsPlatform.Instagram, "refused once", "https://example.com/p/dl"))).Status.ShouldBe(NotifyStatus.Queued);
        var deadLetter = await WaitForDeadLettersAsync("user=dl-user", 1);

        deadLetter[0].GetProperty("user_id").GetString().ShouldBe("dl-user");
        deadLetter[0].GetProperty("type").GetString().ShouldBe(NotificationTypes.PostSuccess);
        deadLetter[0].GetProperty("reason_code").GetString().ShouldBe("max_attempts");
        var id = deadLetter[0].GetProperty("id").GetInt64();
        var log = await _app.GetAsync("notifications", "dl-user");
        var entry = log.Body.GetProperty("notifications")[0];
        entry.GetProperty("state").GetString().ShouldBe("dead");
        entry.GetProperty("reason").GetString().ShouldBe("Telegram could not be reached after many attempts.");

        var (status, body) = await _app.AdminAsync(HttpMethod.Post, $"dead-letters/{id}/resend", Operator);

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("resent").GetInt32().ShouldBe(1);
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("refused once");
        await Eventually.WaitUntilAsync(
            async () => (await _app.GetAsync("notifications", "dl-user")).Body.GetProperty("notifications")[0].GetProperty("state").GetString() == "sent",
            "the activity log shows the resent message as sent",
            TelegramTestApp.Wait);
        (await _app.AdminAsync(HttpMethod.Post, $"dead-letters/{id}/resend", Operator)).Status.ShouldBe(HttpStatusCode.NotFound, "it is no longer a dead letter");
        Changes(7102).ShouldHaveSingleItem();
        (await WaitForDeadLettersAsync("user=dl-user", 0)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dead_letters_are_resent_by_filter_and_discarded()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("filter-user", user);
        await _app.NextMessageAsync(user.ChatId);
        _app.Emulator.Faults.FailNext(3, 500, "sendMessage");
        await Notifier.NotifyAsync(new PostPublished("filter-user", SnsPlatform.Instagram, "success one", "https://example.com/p/f1"));
        await Notifier.NotifyAsync(new PostFailed("filter-user", SnsPlatform.Facebook, "failure one", "quota"));
        await Notifier.NotifyAsync(new PostPublished("filter-user", SnsPlatform.Instagram, "success two", "https://example.com/p/f2"));
        await WaitForDeadLettersAsync("user=filter-user", 3);
        (await WaitForDeadLettersAsync("user=filter-user&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00%2B09:00", 3)).Length.ShouldBe(3);
        (await WaitForDeadLettersAsync("user=filter-user&to=2000-01-01T00:00:00Z", 0)).ShouldBeEmpty();
        (await WaitForDeadLettersAsync("user=filter-user&type=post_failure&limit=1", 1)).ShouldHaveSingleItem().GetProperty("type").GetString().ShouldBe(NotificationTypes.PostFailure);
        foreach (var bad in new[] { "from=yesterday", "from=2026-03-01T09:00:00", "limit=0", "before=x", "colour=red", "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z" })
        {
            (await _app.AdminAsync(HttpMethod.Get, "dead-letters?" + bad, Operator)).Status.ShouldBe(HttpStatusCode.BadRequest, bad);
        }


        (await _app.AdminAsync(HttpMethod.Post, "dead-letters/resend", Operator)).Status.ShouldBe(HttpStatusCode.BadRequest, "a bulk resend names a filter or all=true");
        (await _app.AdminAsync(HttpMethod.Post, "dead-letters/resend?type=post_success&colour=red", Operator)).Status.ShouldBe(HttpStatusCode.BadRequest);
        var (status, body) = await _app.AdminAsync(HttpMethod.Post, "dead-letters/resend?type=post_success&reason=max_attempts&user=filter-user", Operator);

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("resent").GetInt32().ShouldBe(2);
        var delivered = new[] { await _app.NextMessageAsync(user.ChatId), await _app.NextMessageAsync(user.ChatId) };
        delivered.Select(m => m.Text).ShouldContain(t => t.Contains("success one", StringComparison.Ordinal));
        delivered.Select(m => m.Text).ShouldContain(t => t.Contains("success two", StringComparison.Ordinal));
        var left = await WaitForDeadLettersAsync("user=filter-user", 1);
        left[0].GetProperty("type").GetString().ShouldBe(NotificationTypes.PostFailure);

        var discard = await _app.AdminAsync(HttpMethod.Delete, $"dead-letters/{left[0].GetProperty("id").GetInt64()}", Operator);

        discard.Status.ShouldBe(HttpStatusCode.OK);
        discard.Body.GetProperty("discarded").GetInt32().ShouldBe(1);
        (await WaitForDeadLettersAsync("user=filter-user", 0)).ShouldBeEmpty();
        (await _app.AdminAsync(HttpMethod.Post, "dead-letters/discard?all=true", Operator)).Body.GetProperty("discarded").GetInt32().ShouldBe(0);
        Changes(7103).ShouldHaveSingleItem().Message.ShouldContain("type=post_success, reason=max_attempts, user=filter-user");
        Changes(7104).ShouldHaveSingleItem();
        Changes(7105).ShouldHaveSingleItem().Message.ShouldContain("matching all");
        user.Messages.ShouldNotContain(m => m.Text.Contains("failure one", StringComparison.Ordinal), "the discarded message was never sent");
        var counts = (await _app.AdminAsync(HttpMethod.Get, "outbox", Operator)).Body.GetProperty("counts").EnumerateArray().ToArray();
        counts.ShouldNotContain(c => c.GetProperty("state").GetString() == "dead_lettered");
        counts.Where(c => c.GetProperty("state").GetString() == "sent" && c.GetProperty("lane").GetString() == "normal")
            .Sum(c => c.GetProperty("count").GetInt64()).ShouldBe(2, "the two resent posts");
    }

    [Fact]
    public async Task Pausing_delivery_holds_messages_and_resuming_sends_them()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("pause-user", user);
        await _app.NextMessageAsync(user.ChatId);

        var (paused, pause) = await _app.AdminAsync(HttpMethod.Post, "delivery/pause?reason=Telegram%20incident", Operator);
        paused.ShouldBe(HttpStatusCode.OK);
        pause.GetProperty("paused").GetBoolean().ShouldBeTrue();
        pause.GetProperty("paused_by").GetString().ShouldBe("ops@example.com");
        pause.GetProperty("reason").GetString().ShouldBe("Telegram incident");
        (await _app.App.Services.GetRequiredService<IOutboxStore>().GetPauseAsync()).ShouldNotBeNull().PausedBy.ShouldBe("ops@example.com");
        var before = user.Messages.Count;

        await Notifier.NotifyAsync(new PostPublished("pause-user", SnsPlatform.Instagram, "held back", "https://example.com/p/held"));
        await Task.Delay(TimeSpan.FromSeconds(2));

        user.Messages.Count.ShouldBe(before, "nothing is sent while delivery is paused");
        var log = await _app.GetAsync("notifications", "pause-user");
        log.Body.GetProperty("notifications")[0].GetProperty("state").GetString().ShouldBe("queued");
        (await _app.AdminAsync(HttpMethod.Get, "delivery", Operator)).Body.GetProperty("paused").GetBoolean().ShouldBeTrue();

        var (resumed, resume) = await _app.AdminAsync(HttpMethod.Post, "delivery/resume", Operator);

        resumed.ShouldBe(HttpStatusCode.OK);
        resume.GetProperty("paused").GetBoolean().ShouldBeFalse();
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("held back");
        (await _app.App.Services.GetRequiredService<IOutboxStore>().GetPauseAsync()).ShouldBeNull();
        Changes(7100).ShouldHaveSingleItem().Message.ShouldContain("Telegram incident");
        Changes(7101).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_outbox_shows_a_429_pause_while_it_lasts()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("flood-user", user);
        await _app.NextMessageAsync(user.ChatId);
        (await _app.AdminAsync(HttpMethod.Get, "outbox", Operator)).Body.GetProperty("rate_limited_until").ValueKind.ShouldBe(JsonValueKind.Null);
        _app.Emulator.Faults.TooManyRequestsNext(1, retryAfterSeconds: 30, method: "sendMessage");

        await Notifier.NotifyAsync(new PostPublished("flood-user", SnsPlatform.Instagram, "after the flood wait", "https://example.com/p/flood"));

        JsonElement outbox = default;
        await Eventually.WaitUntilAsync(
            async () => (outbox = (await _app.AdminAsync(HttpMethod.Get, "outbox", Operator)).Body).GetProperty("rate_limited_until").ValueKind == JsonValueKind.String,
            "GET outbox shows the 429 pause");
        var until = DateTimeOffset.Parse(outbox.GetProperty("rate_limited_until").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        until.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddSeconds(10), "Telegram asked for 30 seconds");
        (await _app.App.Services.GetRequiredService<IOutboxStore>().GetSendPauseAsync()).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(until);
        outbox.GetProperty("delivery").GetProperty("paused").GetBoolean().ShouldBeFalse("a 429 pause is not the operator's pause");
    }

    [Fact]
    public async Task Jobs_are_listed_and_run_now_once()
    {
        var (status, body) = await _app.AdminAsync(HttpMethod.Get, "jobs", Operator);
        status.ShouldBe(HttpStatusCode.OK);
        var housekeeping = body.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("id").GetString() == "telegram_housekeeping");
        housekeeping.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        housekeeping.GetProperty("next_run").GetString().ShouldNotBeNull();
        body.GetProperty("jobs").EnumerateArray().ShouldContain(j => j.GetProperty("id").GetString() == "telegram_daily_summary");

        var run = await _app.AdminAsync(HttpMethod.Post, "jobs/telegram_housekeeping/run", Operator);
        var again = await _app.AdminAsync(HttpMethod.Post, "jobs/telegram_housekeeping/run", Operator);

        run.Status.ShouldBe(HttpStatusCode.Accepted);
        run.Body.GetProperty("status").GetString().ShouldBe("started");
        again.Status.ShouldBe(HttpStatusCode.Conflict, "this minute's manual run is taken");
        await Eventually.WaitUntilAsync(
            async () => (await _app.AdminAsync(HttpMethod.Get, "jobs", Operator)).Body.GetProperty("jobs").EnumerateArray()
                .Single(j => j.GetProperty("id").GetString() == "telegram_housekeeping").GetProperty("last_run") is { ValueKind: JsonValueKind.Object } last
                && last.GetProperty("manual").GetBoolean() && last.GetProperty("outcome").GetString() == "succeeded",
            "the manual run is recorded as the job's last run",
            TelegramTestApp.Wait);
        (await _app.AdminAsync(HttpMethod.Post, "jobs/no_such_job/run", Operator)).Status.ShouldBe(HttpStatusCode.NotFound);
        Changes(7106).Select(r => r.Message).ShouldSatisfyAllConditions(
            messages => messages.Count().ShouldBe(3),
            messages => messages.ShouldContain(m => m.StartsWith("Job telegram_housekeeping run now by ops@example.com: started", StringComparison.Ordinal)),
            messages => messages.ShouldContain(m => m.StartsWith("Job telegram_housekeeping run now by ops@example.com: taken", StringComparison.Ordinal)
                || m.StartsWith("Job telegram_housekeeping run now by ops@example.com: running", StringComparison.Ordinal)),
            messages => messages.ShouldContain(m => m.StartsWith("Job no_such_job run now by ops@example.com: unknown_job", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_users_link_settings_and_deliveries_are_shown()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("view-user", user);
        await _app.NextMessageAsync(user.ChatId);
        await Notifier.NotifyAsync(new PostPublished("view-user", SnsPlatform.Instagram, "shown", "https://example.com/p/shown"));
        await _app.NextMessageAsync(user.ChatId);

        var (status, body) = await _app.AdminAsync(HttpMethod.Get, "users/view-user", Operator);

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("link").GetProperty("enabled").GetBoolean().ShouldBeTrue();
        body.GetProperty("link").GetProperty("chat_type").GetString().ShouldBe("private");
        body.GetProperty("recent_deliveries").EnumerateArray().ShouldContain(d => d.GetProperty("type").GetString() == NotificationTypes.PostSuccess);
        var nobody = await _app.AdminAsync(HttpMethod.Get, "users/nobody", Operator);
        nobody.Status.ShouldBe(HttpStatusCode.OK);
        nobody.Body.GetProperty("link").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_activity_log_pages_newest_first_and_refuses_bad_values()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("log-user", user);
        await _app.NextMessageAsync(user.ChatId);
        for (var i = 0; i < 3; i++)
        {
            await Notifier.NotifyAsync(new PostPublished("log-user", SnsPlatform.Instagram, $"log {i}", $"https://example.com/p/log{i}"));
            await _app.NextMessageAsync(user.ChatId);
        }

        (HttpStatusCode Status, JsonElement Body) first = default;
        JsonElement[] page = [];
        await Eventually.WaitUntilAsync(
            async () =>
            {
                first = await _app.GetAsync("notifications?limit=2", "log-user");
                page = first.Body.GetProperty("notifications").EnumerateArray().ToArray();
                return page.All(n => n.GetProperty("state").GetString() == "sent");
            },
            "the delivered posts are marked sent",
            TelegramTestApp.Wait);
        first.Status.ShouldBe(HttpStatusCode.OK);
        page.Length.ShouldBe(2);
        page[0].GetProperty("id").GetInt64().ShouldBeGreaterThan(page[1].GetProperty("id").GetInt64());
        page.ShouldAllBe(n => n.GetProperty("type").GetString() == NotificationTypes.PostSuccess && n.GetProperty("sent_at").GetString() != null);
        var cursor = first.Body.GetProperty("next_before").GetString()!;
        var second = await _app.GetAsync($"notifications?limit=2&before={cursor}", "log-user");
        var rest = second.Body.GetProperty("notifications").EnumerateArray().ToArray();
        rest.ShouldNotBeEmpty("the first post is on the second page");
        rest.ShouldAllBe(n => n.GetProperty("id").GetInt64() < page[1].GetProperty("id").GetInt64());
        (await _app.GetAsync("notifications", "someone-else")).Body.GetProperty("notifications").GetArrayLength().ShouldBe(0);

        (await _app.GetAsync("notifications", userId: null)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        foreach (var bad in new[] { "limit=0", "limit=101", "limit=abc", "before=12", "before=", "page=2" })
        {
            var (status, body) = await _app.GetAsync($"notifications?{bad}", "log-user");
            status.ShouldBe(HttpStatusCode.BadRequest, bad);
            body.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        }
    }

    /// <summary>The operator's changes logged with event id <paramref name="eventId"/>; each names the operator.</summary>
    private IReadOnlyList<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Changes(int eventId)
    {
        var records = _app.Logs.GetSnapshot().Where(r => r.Id.Id == eventId).ToArray();
        records.ShouldAllBe(r => r.StructuredState!.Any(p => p.Key == "Operator" && p.Value == "ops@example.com"));
        return records;
    }

    /// <summary>Waits until the dead-letter list filtered by <paramref name="query"/> has <paramref name="count"/> entries; returns them.</summary>
    private async Task<JsonElement[]> WaitForDeadLettersAsync(string query, int count)
    {
        JsonElement[] found = [];
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var (status, body) = await _app.AdminAsync(HttpMethod.Get, "dead-letters?" + query, Operator);
                status.ShouldBe(HttpStatusCode.OK);
                found = body.GetProperty("dead_letters").EnumerateArray().ToArray();
                return found.Length == count;
            },
            $"{count} dead letter(s) match {query}",
            TelegramTestApp.Wait);
        return found;
    }
}
