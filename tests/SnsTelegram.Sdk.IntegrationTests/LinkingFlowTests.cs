using SnsTelegram.Sdk.Testing;
using System.Net;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>The whole linking story, by webhook and by long polling, against the emulator.</summary>
public sealed class LinkingFlowTests
{
    public static TheoryData<TelegramUpdateMode> Modes => new() { TelegramUpdateMode.Webhook, TelegramUpdateMode.Polling };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_deep_link_links_the_chat_that_presses_start(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var user = app.CreateUser("ko");

        var before = await app.GetAsync("status", "user-1");
        before.Status.ShouldBe(HttpStatusCode.OK);
        before.Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        before.Body.GetProperty("telegram_chat_id").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        before.Body.GetProperty("linked_at").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var (status, body) = await app.GetAsync("link-account", "user-1");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("success");
        var token = body.GetProperty("token").GetString()!;
        token.ShouldMatch("^[A-Za-z0-9_-]{43}$");
        body.GetProperty("linking_url").GetString().ShouldBe($"https://t.me/{TelegramTestApp.BotUsername}?start={token}");
        body.GetProperty("bot_username").GetString().ShouldBe(TelegramTestApp.BotUsername);
        DateTimeOffset.Parse(body.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(app.Time.GetUtcNow().AddMinutes(10), TimeSpan.FromSeconds(1));

        await app.DeliveredAsync(await user.PressStartAsync(token));

        var confirmation = await app.NextMessageAsync(user.ChatId);
        confirmation.Text.ShouldContain("텔레그램 연동 완료");
        confirmation.ParseMode.ShouldBe("HTML", StringCompareShould.IgnoreCase);
        var after = (await app.GetAsync("status", "user-1")).Body;
        after.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();
        after.GetProperty("telegram_chat_id").GetString().ShouldBe(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        after.GetProperty("linked_at").GetString()!.ShouldEndWith("Z");
        after.GetProperty("language").GetString().ShouldBe("ko");
        after.GetProperty("chat_type").GetString().ShouldBe("private");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_code_shown_by_the_bot_links_the_signed_in_user(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var user = app.CreateUser();

        await app.DeliveredAsync(await user.PressStartAsync());
        var codeMessage = await app.NextMessageAsync(user.ChatId);
        var code = codeMessage.TextOf(codeMessage.FindEntity("code")!);
        code.ShouldMatch("^[0-9A-HJKMNP-TV-Z]{8}$");

        var (status, body) = await app.PostAsync("verify-link", "user-2", new { code });

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("success");
        body.GetProperty("telegram_chat_id").GetString().ShouldBe(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain("Telegram linked");
        (await app.GetAsync("status", "user-2")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();

        var again = await app.PostAsync("verify-link", "user-3", new { code });
        again.Status.ShouldBe(HttpStatusCode.BadRequest);
        again.Body.GetProperty("message").GetString()!.ShouldContain("already used");
        (await app.GetAsync("status", "user-3")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Two_starts_racing_with_one_token_make_exactly_one_link(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var first = app.CreateUser();
        var second = app.CreateUser();
        var token = await app.LinkTokenAsync("user-1");

        var ids = await Task.WhenAll(first.PressStartAsync(token), second.PressStartAsync(token));
        await Task.WhenAll(ids.Select(app.DeliveredAsync));

        var replies = new[] { await app.NextMessageAsync(first.ChatId), await app.NextMessageAsync(second.ChatId) };
        replies.Count(r => r.Text.Contains("Telegram linked", StringComparison.Ordinal)).ShouldBe(1);
        replies.Count(r => r.Text.Contains("already used", StringComparison.Ordinal)).ShouldBe(1);
        var chatId = (await app.GetAsync("status", "user-1")).Body.GetProperty("telegram_chat_id").GetString();
        var winner = replies.Single(r => r.Text.Contains("Telegram linked", StringComparison.Ordinal)).ChatId;
        chatId.ShouldBe(winner.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Stop_blocking_and_start_again_are_reflected_in_status(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var user = app.CreateUser();
        await app.LinkAsync("user-1", user);

        await app.DeliveredAsync(await user.SendTextAsync("/stop"));
        var stopped = (await app.GetAsync("status", "user-1")).Body;
        stopped.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        stopped.GetProperty("disabled_reason").GetString().ShouldBe("stopped_by_user");
        stopped.GetProperty("telegram_chat_id").GetString().ShouldNotBeNull();

        await app.DeliveredAsync(await user.PressStartAsync());
        (await app.GetAsync("status", "user-1")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();

        await app.DeliveredAsync(await user.BlockAsync());
        var blocked = (await app.GetAsync("status", "user-1")).Body;
        blocked.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        blocked.GetProperty("disabled_reason").GetString().ShouldBe("bot_blocked");
        (await app.PostAsync("send-test-message", "user-1")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_group_upgraded_to_a_supergroup_keeps_its_links(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team");
        group.SetMember(alice, EmulatedMemberStatus.Creator);
        group.SetMember(bob, EmulatedMemberStatus.Administrator);
        await app.DeliveredAsync(await group.SendTextAsync(alice, $"/start@{TelegramTestApp.BotUsername} {await app.LinkTokenAsync("alice")}"));
        await app.DeliveredAsync(await group.SendTextAsync(bob, $"/start@{TelegramTestApp.BotUsername} {await app.LinkTokenAsync("bob")}"));
        var oldId = group.Id;

        // both link confirmations have left the outbox before the group moves
        await Eventually.WaitUntilAsync(() => app.Emulator.GetMessages(oldId).Count(m => m.FromBot) == 2, "the bot confirms both links");
        var newId = await group.UpgradeToSupergroupAsync(alice);
        await app.Emulator.WaitForAllDeliveredAsync(TelegramTestApp.Wait);

        newId.ShouldNotBe(oldId);
        foreach (var userId in new[] { "alice", "bob" })
        {
            var status = (await app.GetAsync("status", userId)).Body;
            status.GetProperty("telegram_chat_id").GetString().ShouldBe(group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            status.GetProperty("chat_type").GetString().ShouldBe("supergroup");
            status.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();
        }

        var sentBefore = app.Emulator.GetMessages(group.Id).Count;
        (await app.PostAsync("send-test-message", "alice")).Status.ShouldBe(HttpStatusCode.OK);
        (await app.Emulator.WaitForMessagesAsync(group.Id, sentBefore + 1, TelegramTestApp.Wait)).Count.ShouldBe(sentBefore + 1);
    }
}
