using System.Net;
using System.Text.Json;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Bot;

/// <summary>
/// <c>/settings</c> driven end to end through the emulator: each press edits the same message (same message id, new text
/// and keyboard), and the change is what <c>GET status</c> reports.
/// </summary>
public sealed class PreferenceCentreTests : IAsyncLifetime
{
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_setting_changes_through_buttons_on_one_message_that_edits_itself()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("prefs-user", user);
        await _app.NextMessageAsync(user.ChatId);

        await _app.DeliveredAsync(await user.SendTextAsync("/settings"));
        var menu = await _app.NextMessageAsync(user.ChatId);
        menu.Text.ShouldStartWith("⚙️ Settings");
        menu.Text.ShouldContain("Time zone: UTC");

        // language: the menu turns Korean and the answer is in the new language
        await PressAsync(user, menu, "set:lang");
        (await PressAsync(user, menu, "set:lang=ko")).ShouldBe("저장했습니다");
        var current = Current(menu);
        current.Text.ShouldStartWith("⚙️ 설정");
        current.PreviousVersions.Count.ShouldBe(2);
        (await StatusAsync()).GetProperty("language").GetString().ShouldBe("ko");

        // time zone by region and city
        await PressAsync(user, menu, "set:tz");
        await PressAsync(user, menu, "set:tz/asia");
        Current(menu).Buttons.Select(b => b.Text).ShouldContain("도쿄");
        await PressAsync(user, menu, "set:tz=Asia/Tokyo");
        (await StatusAsync()).GetProperty("time_zone").GetString().ShouldBe("Asia/Tokyo");
        Current(menu).Text.ShouldContain("Asia/Tokyo");

        // daily report time
        await PressAsync(user, menu, "set:report");
        await PressAsync(user, menu, "set:report=07:00");
        (await StatusAsync()).GetProperty("daily_report_time").GetString().ShouldBe("07:00");

        // mute and unmute per type: the screen stays and its buttons follow the state
        await PressAsync(user, menu, "set:mute");
        await PressAsync(user, menu, "set:mute=post_success");
        await PressAsync(user, menu, "set:mute=automation_executed");
        await PressAsync(user, menu, "set:unmute=automation_executed");
        (await StatusAsync()).GetProperty("muted_types").EnumerateArray().Select(e => e.GetString()).ShouldBe(["post_success"]);
        Current(menu).Buttons.Select(b => b.CallbackData).ShouldContain("set:unmute=post_success");

        // quiet hours: a window, then the mode
        await PressAsync(user, menu, "set:home");
        await PressAsync(user, menu, "set:quiet");
        await PressAsync(user, menu, "set:quiet=22:00-07:00");
        await PressAsync(user, menu, "set:qmode=hold");
        var quiet = (await StatusAsync()).GetProperty("quiet_hours");
        (quiet.GetProperty("start").GetString(), quiet.GetProperty("end").GetString(), quiet.GetProperty("mode").GetString()).ShouldBe(("22:00", "07:00", "hold"));

        // digest window
        await PressAsync(user, menu, "set:home");
        await PressAsync(user, menu, "set:digest");
        await PressAsync(user, menu, "set:digest=60");
        (await StatusAsync()).GetProperty("digest_minutes").GetInt32().ShouldBe(60);

        // one message all along
        _app.Emulator.GetMessages(user.ChatId).Count(m => m.Text.StartsWith("⚙️", StringComparison.Ordinal)).ShouldBe(1);
        Current(menu).Text.ShouldContain("60분마다");
        _app.Emulator.Counters.MessagesEdited.ShouldBeGreaterThanOrEqualTo(17);
    }

    [Fact]
    public async Task A_button_of_an_old_menu_acts_on_the_current_settings()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("stale-user", user);
        await _app.NextMessageAsync(user.ChatId);
        await _app.DeliveredAsync(await user.SendTextAsync("/settings"));
        var old = await _app.NextMessageAsync(user.ChatId);
        await PressAsync(user, old, "set:mute");
        await PressAsync(user, old, "set:mute=post_success");

        // unmuted elsewhere (the app), while the old menu still offers "unmute post_success" and "mute automation"
        (await _app.SendAsync(HttpMethod.Patch, "settings", "stale-user", new { muted_types = Array.Empty<string>() })).Status.ShouldBe(HttpStatusCode.OK);
        await PressAsync(user, old, "set:mute=automation_executed");

        (await StatusAsync("stale-user")).GetProperty("muted_types").EnumerateArray().Select(e => e.GetString()).ShouldBe(["automation_executed"]);
        Current(old).Buttons.Select(b => b.CallbackData).ShouldContain("set:mute=post_success");
    }

    [Fact]
    public async Task A_shared_location_sets_the_nearest_time_zone_and_removes_the_keyboard()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("location-user", user);
        await _app.NextMessageAsync(user.ChatId);
        await _app.DeliveredAsync(await user.SendTextAsync("/settings"));
        var menu = await _app.NextMessageAsync(user.ChatId);
        await PressAsync(user, menu, "set:tz");

        await PressAsync(user, menu, "set:loc");
        var prompt = await _app.NextMessageAsync(user.ChatId);
        prompt.ReplyKeyboard.ShouldHaveSingleItem().ShouldHaveSingleItem().RequestLocation.ShouldBeTrue();
        await _app.DeliveredAsync(await user.ShareLocationAsync(48.1372, 11.5756)); // Munich
        var reply = await _app.NextMessageAsync(user.ChatId);

        reply.Text.ShouldContain("Europe/Berlin");
        reply.RemovesReplyKeyboard.ShouldBeTrue();
        (await StatusAsync("location-user")).GetProperty("time_zone").GetString().ShouldBe("Europe/Berlin");
    }

    [Fact]
    public async Task Settings_are_refused_in_a_chat_several_accounts_share_and_explained_when_not_linked()
    {
        var alice = _app.CreateUser();
        var bob = _app.CreateUser();
        var group = _app.Emulator.CreateGroup("Team");
        group.SetMember(alice, EmulatedMemberStatus.Creator); // only a group's administrators may link it
        group.SetMember(bob, EmulatedMemberStatus.Administrator);
        await _app.DeliveredAsync(await group.SendTextAsync(alice, $"/start@{TelegramTestApp.BotUsername} {await _app.LinkTokenAsync("team-alice")}"));
        await _app.DeliveredAsync(await group.SendTextAsync(bob, $"/start@{TelegramTestApp.BotUsername} {await _app.LinkTokenAsync("team-bob")}"));
        await _app.NextMessageAsync(group.Id);
        await _app.NextMessageAsync(group.Id);
        var stranger = _app.CreateUser();

        await _app.DeliveredAsync(await group.SendTextAsync(alice, $"/settings@{TelegramTestApp.BotUsername}"));
        await _app.DeliveredAsync(await stranger.SendTextAsync("/settings"));

        (await _app.NextMessageAsync(group.Id)).Text.ShouldContain("Several accounts use this chat");
        var notLinked = await _app.NextMessageAsync(stranger.ChatId);
        notLinked.Text.ShouldContain("not linked");
        notLinked.Text.ShouldContain("/link");
    }

    [Fact]
    public async Task Status_offers_an_Unmute_button_per_muted_type()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("status-user", user);
        await _app.NextMessageAsync(user.ChatId);
        (await _app.SendAsync(HttpMethod.Patch, "settings", "status-user", new { muted_types = new[] { "post_success", "daily_summary" } })).Status.ShouldBe(HttpStatusCode.OK);

        await _app.DeliveredAsync(await user.SendTextAsync("/status"));
        var status = await _app.NextMessageAsync(user.ChatId);
        status.Buttons.Select(b => b.CallbackData).ShouldBe(["unmute:post_success", "unmute:daily_summary"]);
        status.Buttons.First().Text.ShouldBe("🔔 Unmute Post published");
        var press = await user.PressButtonAsync(status, "unmute:post_success");

        (await press.WaitForAnswerAsync(TelegramTestApp.Wait)).Text.ShouldNotBeNullOrEmpty();
        (await StatusAsync("status-user")).GetProperty("muted_types").EnumerateArray().Select(e => e.GetString()).ShouldBe(["daily_summary"]);
    }

    [Fact]
    public async Task A_forged_value_is_refused_by_the_settings_rules_and_changes_nothing()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("forged-user", user);
        await _app.NextMessageAsync(user.ChatId);
        var settings = await user.SendTextAsync("/settings");
        await _app.DeliveredAsync(settings);
        var menu = await _app.NextMessageAsync(user.ChatId);

        // a callback no button of the menu carries (the emulator numbers the raw update next)
        var forged = await _app.Emulator.SendRawUpdateAsync(
            $$$"""{"update_id":{{{settings + 1}}},"callback_query":{"id":"forged-1","from":{"id":{{{user.Id}}},"is_bot":false,"first_name":"Mina","language_code":"en"},"message":{"message_id":{{{menu.MessageId}}},"date":1700000000,"chat":{"id":{{{user.Id}}},"type":"private"},"text":"x"},"chat_instance":"1","data":"set:tz=Mars/Olympus_Mons"}}""");
        await _app.DeliveredAsync(forged);

        (await StatusAsync("forged-user")).GetProperty("time_zone").GetString().ShouldBe("UTC");
        _app.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 4016 && r.Message.Contains("time_zone must be a known IANA time zone id", StringComparison.Ordinal));
        Current(menu).PreviousVersions.ShouldBeEmpty();
    }

    /// <summary>Presses a button of the menu, waits for its answer and for the menu to be edited; returns the answer's text.</summary>
    private async Task<string?> PressAsync(EmulatedUser user, RecordedMessage menu, string data)
    {
        var before = Current(menu).PreviousVersions.Count;
        var press = await user.PressButtonAsync(Current(menu), data);
        var answer = await press.WaitForAnswerAsync(TelegramTestApp.Wait);
        if (data != "set:loc")
        {
            await Eventually.WaitUntilAsync(() => Current(menu).PreviousVersions.Count > before, $"the menu is edited after {data}", TelegramTestApp.Wait);
        }

        return answer.Text;
    }

    private RecordedMessage Current(RecordedMessage menu) => _app.Emulator.GetMessages(menu.ChatId).Single(m => m.MessageId == menu.MessageId);

    private async Task<JsonElement> StatusAsync(string userId = "prefs-user")
    {
        var (status, body) = await _app.GetAsync("status", userId);
        status.ShouldBe(HttpStatusCode.OK);
        return body;
    }
}
