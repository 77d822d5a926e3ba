using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>The webhook over HTTP: anonymous but guarded by the secret header, and robust against any body.</summary>
public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private static int _nextUpdateId = 900_000_000;
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string TextUpdate(int updateId, long chatId, string text) => JsonSerializer.Serialize(new
    {
        update_id = updateId,
        message = new
        {
            message_id = updateId,
            date = 1_772_101_800,
            chat = new { id = chatId, type = "private", first_name = "Mina" },
            from = new { id = chatId, is_bot = false, first_name = "Mina", language_code = "en" },
            text,
        },
    });

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string? secret = TelegramTestApp.Secret, string? bearerUser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        if (bearerUser is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TelegramTestApp.Jwt(bearerUser));
        }

        using var response = await _app.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_was_registered_with_the_secret_and_the_handled_update_types()
    {
        _app.Emulator.WebhookUrl.ShouldEndWith("/api/telegram/webhook");
        _app.Emulator.WebhookSecretToken.ShouldBe(TelegramTestApp.Secret);
        await Eventually.WaitUntilAsync(() => _app.Emulator.GetBotCommands("default", "ko").Count > 0 && _app.Emulator.GetBotCommands("default", "en").Count > 0, "the command menus are set", TelegramTestApp.Wait);
        _app.Emulator.GetBotCommands("default", "en").Select(c => c.Command).ShouldBe(["start", "link", "status", "settings", "stop", "help"]);
        _app.Emulator.GetBotCommands("default", "ko")[0].Description.ShouldContain("연동");
        _app.Emulator.GetBotCommands("default", "ko").Select(c => c.Command).ShouldContain("settings");
        _app.Emulator.GetBotCommands("default").Select(c => c.Command).ShouldContain("settings");
    }

    [Fact]
    public async Task Private_chats_and_group_administrators_get_every_command_and_other_group_members_status_and_help()
    {
        await Eventually.WaitUntilAsync(() => _app.Emulator.GetBotCommands("all_chat_administrators", "en").Count > 0, "the command menus are set", TelegramTestApp.Wait);
        var korean = _app.Emulator.CreateUser("민준", languageCode: "ko");
        var english = _app.Emulator.CreateUser("Ann", languageCode: "en-US");
        var admin = _app.Emulator.CreateUser("Boss", languageCode: "en");
        var group = _app.Emulator.CreateGroup("Team");
        group.SetMember(korean, EmulatedMemberStatus.Member);
        group.SetMember(english, EmulatedMemberStatus.Member);
        group.SetMember(admin, EmulatedMemberStatus.Administrator);
        string[] all = ["start", "link", "status", "settings", "stop", "help"];

        _app.Emulator.GetCommandMenu(english, english.Id).Select(c => c.Command).ShouldBe(all);
        _app.Emulator.GetCommandMenu(korean, korean.Id).Select(c => c.Command).ShouldBe(all);
        _app.Emulator.GetCommandMenu(korean, korean.Id)[2].Description.ShouldBe("연동 및 알림 상태");
        _app.Emulator.GetCommandMenu(english, group.Id).Select(c => c.Command).ShouldBe(["status", "help"]);
        _app.Emulator.GetCommandMenu(korean, group.Id).Select(c => c.Description).ShouldBe(["연동 및 알림 상태", "도움말"]);
        _app.Emulator.GetCommandMenu(admin, group.Id).Select(c => c.Command).ShouldBe(all);
        foreach (var scope in new[] { "default", "all_private_chats", "all_group_chats", "all_chat_administrators" })
        {
            foreach (var language in new[] { null, "ko", "en" })
            {
                _app.Emulator.GetBotCommands(scope, language).ShouldNotBeEmpty($"{scope} in {language ?? "no language"}");
            }
        }
    }

    [Fact]
    public async Task An_update_with_the_secret_is_processed_without_a_bearer_token()
    {
        var user = _app.CreateUser();
        var token = await _app.LinkTokenAsync("hooked");

        var (status, _) = await PostAsync(TextUpdate(Interlocked.Increment(ref _nextUpdateId), user.Id, "/start " + token));

        status.ShouldBe(HttpStatusCode.OK);
        (await _app.GetAsync("status", "hooked")).Body.GetProperty("telegram_chat_id").GetString().ShouldBe(user.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    [InlineData("it-webhook_secret-")]
    public async Task A_missing_or_wrong_secret_is_refused_and_nothing_is_processed(string? secret)
    {
        var user = _app.CreateUser();
        var token = await _app.LinkTokenAsync("target");

        var (status, body) = await PostAsync(TextUpdate(Interlocked.Increment(ref _nextUpdateId), user.Id, "/start " + token), secret, bearerUser: "target");

        status.ShouldBe(HttpStatusCode.Unauthorized);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetString().ShouldBe("error");
        (await _app.GetAsync("status", "target")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        _app.Emulator.GetMessages(user.Id).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"message\":{\"text\":\"/help\"}}")]
    public async Task Malformed_bodies_get_400(string body)
    {
        var (status, text) = await PostAsync(body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("\"status\":\"error\"");
    }

    [Fact]
    public async Task Bodies_over_one_megabyte_get_413()
    {
        var (status, text) = await PostAsync("{\"update_id\":1,\"padding\":\"" + new string('x', 1024 * 1024) + "\"}");

        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        text.ShouldContain("\"status\":\"error\"");
    }

    [Fact]
    public async Task Unknown_update_types_are_acknowledged_and_ignored()
    {
        var (status, _) = await PostAsync($"{{\"update_id\":{Interlocked.Increment(ref _nextUpdateId)},\"chat_boost\":{{\"chat\":{{\"id\":1,\"type\":\"channel\"}}}}}}");

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_redelivered_update_id_is_processed_once()
    {
        var user = _app.CreateUser();
        var update = TextUpdate(Interlocked.Increment(ref _nextUpdateId), user.Id, "/help");

        (await PostAsync(update)).Status.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(update)).Status.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(TextUpdate(Interlocked.Increment(ref _nextUpdateId), user.Id, "/status"))).Status.ShouldBe(HttpStatusCode.OK);

        // replies leave through the outbox in the chat's order: a reply to the duplicate would come before "not linked"
        await Eventually.WaitUntilAsync(() => _app.Emulator.GetMessages(user.Id).Count >= 2, "the replies are delivered");
        var messages = _app.Emulator.GetMessages(user.Id);
        messages.Count.ShouldBe(2);
        messages[0].Text.ShouldContain("Commands");
        messages[1].Text.ShouldContain("not linked");
    }

    [Fact]
    public async Task Emulated_users_reach_the_bot_through_the_webhook_and_every_reply_is_accepted_html()
    {
        var user = _app.CreateUser("ko");
        await _app.LinkAsync("html-user", user);
        foreach (var text in new[] { "/status", "/help", "/link", "hello <b>&", "/stop", "/status", "/start" })
        {
            await _app.DeliveredAsync(await user.SendTextAsync(text));
        }

        // the replies go through the outbox, in the chat's order and at the chat's rate (a burst, then 1/s)
        await Eventually.WaitUntilAsync(() => _app.Emulator.GetMessages(user.Id).Count >= 8, "every reply is delivered");
        var messages = _app.Emulator.GetMessages(user.Id);
        messages.Count.ShouldBe(8);
        messages.ShouldAllBe(m => m.ParseMode != null && m.ParseMode.Equals("HTML", StringComparison.OrdinalIgnoreCase));
        messages[^1].Text.ShouldContain("알림을 다시 켰습니다");
    }
}
