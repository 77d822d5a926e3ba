using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>The account endpoints: refusals, the error envelope, unlink, test message, settings and the move policy.</summary>
public sealed class AccountEndpointTests : IAsyncLifetime
{
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static void ShouldBeError(JsonElement body, string? mention = null)
    {
        body.GetProperty("status").GetString().ShouldBe("error");
        var message = body.GetProperty("message").GetString()!;
        message.ShouldNotBeNullOrWhiteSpace();
        message.ShouldNotContain("Exception");
        if (mention is not null)
        {
            message.ShouldContain(mention);
        }
    }

    [Theory]
    [InlineData("GET", "link-account")]
    [InlineData("GET", "status")]
    [InlineData("POST", "verify-link")]
    [InlineData("POST", "send-test-message")]
    [InlineData("POST", "unlink-account")]
    [InlineData("PATCH", "settings")]
    public async Task Every_account_endpoint_needs_a_signed_in_user(string method, string path)
    {
        var (status, _) = await _app.SendAsync(new HttpMethod(method), path, userId: null, body: new { code = "ABCDEFGH" });

        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_of_one_user_never_links_another()
    {
        var telegramUser = _app.CreateUser();
        var aliceToken = await _app.LinkTokenAsync("alice");

        var asCode = await _app.PostAsync("verify-link", "bob", new { code = aliceToken });
        await _app.DeliveredAsync(await telegramUser.PressStartAsync(aliceToken));

        asCode.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await _app.GetAsync("status", "bob")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        (await _app.GetAsync("status", "alice")).Body.GetProperty("telegram_chat_id").GetString()
            .ShouldBe(telegramUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Refused_deep_links_tell_the_telegram_user_why_and_link_nothing()
    {
        var user = _app.CreateUser();
        var retired = await _app.LinkTokenAsync("retired-user");
        await _app.LinkTokenAsync("retired-user");
        var expiring = await _app.LinkTokenAsync("late-user");
        _app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var used = await _app.LinkTokenAsync("used-user");
        await _app.DeliveredAsync(await _app.CreateUser().PressStartAsync(used));

        await _app.DeliveredAsync(await user.PressStartAsync(retired));
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("newer link");
        await _app.DeliveredAsync(await user.PressStartAsync(expiring));
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("expired");
        await _app.DeliveredAsync(await user.PressStartAsync(used));
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("already used");
        await _app.DeliveredAsync(await user.PressStartAsync("forged_token_" + new string('x', 30)));
        (await _app.NextMessageAsync(user.ChatId)).Text.ShouldContain("not valid");

        foreach (var userId in new[] { "retired-user", "late-user" })
        {
            (await _app.GetAsync("status", userId)).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Verify_link_takes_no_chat_id_and_refuses_bad_codes()
    {
        var withChat = await _app.PostAsync("verify-link", "u", new { code = "ABCDEFGH", chat_id = "7910169750" });
        withChat.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(withChat.Body, "chat_id");

        var unknown = await _app.PostAsync("verify-link", "u", new { code = "ABCD-EFGH" });
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(unknown.Body, "not valid");

        var missing = await _app.PostAsync("verify-link", "u", new { });
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(missing.Body, "code");

        var malformed = await _app.SendAsync(HttpMethod.Post, "verify-link", "u", rawBody: "{\"code\":");
        malformed.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(malformed.Body);

        var huge = await _app.SendAsync(HttpMethod.Post, "verify-link", "u", rawBody: "{\"code\":\"" + new string('A', 20_000) + "\"}");
        huge.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        ShouldBeError(huge.Body);

        (await _app.GetAsync("status", "u")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var user = _app.CreateUser();
        await _app.DeliveredAsync(await user.SendTextAsync("/link"));
        var message = await _app.NextMessageAsync(user.ChatId);
        var code = message.TextOf(message.FindEntity("code")!);

        _app.Time.Advance(TimeSpan.FromMinutes(11));
        var (status, body) = await _app.PostAsync("verify-link", "u", new { code });

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(body, "expired");
    }

    [Fact]
    public async Task Guessing_codes_is_cut_off()
    {
        HttpStatusCode last = default;
        for (var i = 0; i < 11; i++)
        {
            (last, _) = await _app.PostAsync("verify-link", "guesser", new { code = $"ZZZZZZ{i:00}" });
        }

        last.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Link_tokens_are_rate_limited_per_user()
    {
        for (var i = 0; i < 10; i++)
        {
            (await _app.GetAsync("link-account", "eager")).Status.ShouldBe(HttpStatusCode.OK);
        }

        var (status, body) = await _app.GetAsync("link-account", "eager");
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        ShouldBeError(body);
        (await _app.GetAsync("link-account", "patient")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unlink_removes_the_link_once()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("leaver", user);

        var (status, body) = await _app.PostAsync("unlink-account", "leaver");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("success");
        body.GetProperty("message").GetString().ShouldBe("Telegram account unlinked successfully");

        var after = (await _app.GetAsync("status", "leaver")).Body;
        after.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        after.GetProperty("telegram_chat_id").ValueKind.ShouldBe(JsonValueKind.Null);
        var again = await _app.PostAsync("unlink-account", "leaver");
        again.Status.ShouldBe(HttpStatusCode.NotFound);
        ShouldBeError(again.Body);
    }

    [Fact]
    public async Task Send_test_message_sends_now_or_says_why_not()
    {
        var notLinked = await _app.PostAsync("send-test-message", "nobody");
        notLinked.Status.ShouldBe(HttpStatusCode.NotFound);
        ShouldBeError(notLinked.Body);

        var user = _app.CreateUser();
        await _app.LinkAsync("tester", user);
        await _app.NextMessageAsync(user.ChatId);
        var (status, body) = await _app.PostAsync("send-test-message", "tester");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("success");
        body.GetProperty("message").GetString().ShouldBe("Test message sent successfully");
        (await _app.NextMessageAsync(user.ChatId)).ParseMode.ShouldBe("HTML", StringCompareShould.IgnoreCase);

        _app.Emulator.Faults.FailNext(3, 500, "sendMessage");
        var failed = await _app.PostAsync("send-test-message", "tester");
        _app.Emulator.Faults.Reset();
        ((int)failed.Status).ShouldBeOneOf(502, 503);
        ShouldBeError(failed.Body);
        failed.Body.GetProperty("message").GetString()!.ShouldNotContain(_app.Emulator.BotToken);
    }

    [Fact]
    public async Task A_private_chat_linked_to_another_account_moves_to_it()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("first-owner", user);

        await _app.LinkAsync("second-owner", user);

        (await _app.GetAsync("status", "first-owner")).Body.GetProperty("telegram_chat_id").ValueKind.ShouldBe(JsonValueKind.Null);
        (await _app.GetAsync("status", "second-owner")).Body.GetProperty("telegram_chat_id").GetString()
            .ShouldBe(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_setting_moves_with_the_user_to_a_newly_linked_chat()
    {
        await _app.LinkAsync("mover", _app.CreateUser());
        var settings = new
        {
            time_zone = "Asia/Seoul",
            daily_report_time = "08:30",
            muted_types = new[] { "automation_executed" },
            quiet_hours = new { start = "23:00", end = "07:00", mode = "hold", days = new[] { "mon", "tue" }, urgent_bypass = true },
            digest_minutes = 60,
            digest_types = new[] { "post_success", "post_failure" },
        };
        (await _app.SendAsync(HttpMethod.Patch, "settings", "mover", settings)).Status.ShouldBe(HttpStatusCode.OK);
        var before = (await _app.GetAsync("status", "mover")).Body;

        var newChat = _app.CreateUser();
        await _app.LinkAsync("mover", newChat);

        var after = (await _app.GetAsync("status", "mover")).Body;
        after.GetProperty("telegram_chat_id").GetString().ShouldBe(newChat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var field in new[] { "time_zone", "daily_report_time", "muted_types", "quiet_hours", "digest_minutes", "digest_types" })
        {
            after.GetProperty(field).GetRawText().ShouldBe(before.GetProperty(field).GetRawText(), field);
        }

        after.GetProperty("digest_minutes").GetInt32().ShouldBe(60);
    }

    [Fact]
    public async Task Settings_are_validated_and_shown_in_status()
    {
        (await _app.SendAsync(HttpMethod.Patch, "settings", "setter", new { language = "en" })).Status.ShouldBe(HttpStatusCode.NotFound);
        await _app.LinkAsync("setter", _app.CreateUser());

        var (status, body) = await _app.SendAsync(HttpMethod.Patch, "settings", "setter", new
        {
            language = "en",
            time_zone = "Asia/Seoul",
            daily_report_time = "08:30",
            muted_types = new[] { "post_success" },
            quiet_hours = new { start = "23:00", end = "07:00" },
        });
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("time_zone").GetString().ShouldBe("Asia/Seoul");

        var shown = (await _app.GetAsync("status", "setter")).Body;
        shown.GetProperty("language").GetString().ShouldBe("en");
        shown.GetProperty("daily_report_time").GetString().ShouldBe("08:30");
        shown.GetProperty("muted_types")[0].GetString().ShouldBe("post_success");
        shown.GetProperty("quiet_hours").GetProperty("start").GetString().ShouldBe("23:00");

        var bad = await _app.SendAsync(HttpMethod.Patch, "settings", "setter", new { time_zone = "Nowhere/City" });
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(bad.Body, "time_zone");
        (await _app.GetAsync("status", "setter")).Body.GetProperty("time_zone").GetString().ShouldBe("Asia/Seoul");
    }

    [Fact]
    public async Task Digest_and_holding_quiet_hours_are_set_and_shown_in_status()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("digester", user);
        await _app.NextMessageAsync(user.ChatId);
        var before = (await _app.GetAsync("status", "digester")).Body;
        before.GetProperty("digest_minutes").GetInt32().ShouldBe(0);
        before.GetProperty("digest_types").EnumerateArray().Select(t => t.GetString()).ShouldBe(["post_success", "automation_executed"]);

        var (status, _) = await _app.SendAsync(HttpMethod.Patch, "settings", "digester", new
        {
            digest_minutes = 60,
            digest_types = new[] { "post_failure", "post_success" },
            quiet_hours = new { start = "22:00", end = "07:00", mode = "hold", days = new[] { "fri", "SAT" }, urgent_bypass = true },
        });
        status.ShouldBe(HttpStatusCode.OK);

        var shown = (await _app.GetAsync("status", "digester")).Body;
        shown.GetProperty("digest_minutes").GetInt32().ShouldBe(60);
        shown.GetProperty("digest_types").EnumerateArray().Select(t => t.GetString()).ShouldBe(["post_success", "post_failure"]);
        var quiet = shown.GetProperty("quiet_hours");
        quiet.GetProperty("mode").GetString().ShouldBe("hold");
        quiet.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ShouldBe(["fri", "sat"]);
        quiet.GetProperty("urgent_bypass").GetBoolean().ShouldBeTrue();

        // /status in the chat tells the same
        await user.SendTextAsync("/status");
        var reply = (await _app.NextMessageAsync(user.ChatId)).Text;
        reply.ShouldContain("📬 Digest: every 60 min");
        reply.ShouldContain("🌙 Quiet hours: 22:00–07:00 (Fri, Sat), held and sent as a digest when they end, urgent messages go through");

        // quiet hours without a mode are silent on every day, as before
        (await _app.SendAsync(HttpMethod.Patch, "settings", "digester", new { quiet_hours = new { start = "23:00", end = "06:00" }, digest_types = (string[]?)null })).Status.ShouldBe(HttpStatusCode.OK);
        shown = (await _app.GetAsync("status", "digester")).Body;
        shown.GetProperty("quiet_hours").GetProperty("mode").GetString().ShouldBe("silent");
        shown.GetProperty("quiet_hours").GetProperty("days").GetArrayLength().ShouldBe(7);
        shown.GetProperty("quiet_hours").GetProperty("urgent_bypass").GetBoolean().ShouldBeFalse();
        shown.GetProperty("digest_types").EnumerateArray().Select(t => t.GetString()).ShouldBe(["post_success", "automation_executed"], "null goes back to the default types");

        foreach (var (body, setting) in new (object Body, string Setting)[]
        {
            (new { digest_minutes = 1441 }, "digest_minutes"),
            (new { digest_minutes = -1 }, "digest_minutes"),
            (new { digest_minutes = "30" }, "digest_minutes"),
            (new { digest_types = new[] { "daily_summary" } }, "digest_types"),
            (new { quiet_hours = new { start = "22:00", end = "07:00", mode = "loud" } }, "quiet_hours"),
            (new { quiet_hours = new { start = "22:00", end = "07:00", days = Array.Empty<string>() } }, "quiet_hours"),
            (new { quiet_hours = new { start = "22:00", end = "07:00", days = new[] { "someday" } } }, "quiet_hours"),
            (new { quiet_hours = new { start = "22:00", end = "07:00", urgent_bypass = "yes" } }, "quiet_hours"),
        })
        {
            var bad = await _app.SendAsync(HttpMethod.Patch, "settings", "digester", body);
            bad.Status.ShouldBe(HttpStatusCode.BadRequest);
            ShouldBeError(bad.Body, setting);
        }

        (await _app.GetAsync("status", "digester")).Body.GetProperty("digest_minutes").GetInt32().ShouldBe(60);
    }

    [Fact]
    public async Task Buttons_under_a_message_mute_a_type_and_are_answered()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("button-user", user);
        var confirmation = await _app.NextMessageAsync(user.ChatId);
        await _app.DeliveredAsync(await user.SendTextAsync("/help"));
        await _app.NextMessageAsync(user.ChatId);

        await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(
            new PostPublished("button-user", SnsPlatform.Instagram, "hello", "https://example.com/p/1"));
        var notification = await _app.Emulator.WaitForMessageAsync(user.ChatId, m => m.Buttons.Any(b => b.CallbackData?.StartsWith("mute:", StringComparison.Ordinal) == true), TelegramTestApp.Wait);
        var mute = notification.Buttons.First(b => b.CallbackData?.StartsWith("mute:", StringComparison.Ordinal) == true).CallbackData!;

        var press = await user.PressButtonAsync(notification, mute);
        var answer = await press.WaitForAnswerAsync(TelegramTestApp.Wait);

        answer.Text.ShouldNotBeNullOrEmpty();
        confirmation.ShouldNotBeNull();
        var muted = (await _app.GetAsync("status", "button-user")).Body.GetProperty("muted_types");
        muted.EnumerateArray().Select(e => e.GetString()).ShouldContain(mute["mute:".Length..]);
    }

    [Fact]
    public async Task A_button_whose_answer_comes_too_late_still_does_its_action_and_the_update_is_acknowledged()
    {
        // Telegram refuses an answer to a callback query that is too old; the emulator here refuses every answer.
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, emulatorOptions: o => o.CallbackQueryTimeout = TimeSpan.FromTicks(1));
        var user = app.CreateUser();
        await app.LinkAsync("late-user", user);
        await app.NextMessageAsync(user.ChatId);
        await app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(
            new PostPublished("late-user", SnsPlatform.Instagram, "hello", "https://example.com/p/2"));
        var notification = await app.Emulator.WaitForMessageAsync(user.ChatId, m => m.Buttons.Any(b => b.CallbackData?.StartsWith("mute:", StringComparison.Ordinal) == true), TelegramTestApp.Wait);
        var mute = notification.Buttons.First(b => b.CallbackData?.StartsWith("mute:", StringComparison.Ordinal) == true).CallbackData!;

        var press = await user.PressButtonAsync(notification, mute);
        await app.DeliveredAsync(press.UpdateId);

        app.Emulator.Counters.GetCalls("answerCallbackQuery").ShouldBe(1);
        app.Emulator.Counters.GetErrors(400).ShouldBe(1);
        press.Answer.ShouldBeNull();
        app.Emulator.Counters.WebhookFailures.ShouldBe(0, "the webhook answered 200 although the answer was refused");
        var muted = (await app.GetAsync("status", "late-user")).Body.GetProperty("muted_types");
        muted.EnumerateArray().Select(e => e.GetString()).ShouldContain(mute["mute:".Length..]);
    }
}
