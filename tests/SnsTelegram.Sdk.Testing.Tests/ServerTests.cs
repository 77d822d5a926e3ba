using System.Net;
using System.Text;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class ServerTests
{
    [Fact]
    public async Task Starts_on_loopback_with_a_token_Telegram_Bot_accepts_and_answers_getMe()
    {
        await using var telegram = await TelegramEmulator.StartAsync();

        new Uri(telegram.BaseUrl).Host.ShouldBe("127.0.0.1");
        telegram.BotToken.ShouldMatch(@"^\d+:[A-Za-z0-9_-]{35}$");
        telegram.BotToken.Split(':')[1].ShouldNotStartWith("AA");
        var me = await telegram.Bot().GetMe();

        me.Id.ShouldBe(telegram.BotId);
        me.IsBot.ShouldBeTrue();
        me.Username.ShouldBe(telegram.BotUsername);
    }

    [Fact]
    public async Task Each_instance_gets_its_own_token_and_port()
    {
        await using var first = await TelegramEmulator.StartAsync();
        await using var second = await TelegramEmulator.StartAsync();

        first.BotToken.ShouldNotBe(second.BotToken);
        first.BaseUrl.ShouldNotBe(second.BaseUrl);
    }

    [Fact]
    public async Task Wrong_token_is_401_Unauthorized()
    {
        await using var telegram = await TelegramEmulator.StartAsync();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot("123456:TEST-wrong-token").GetMe());

        error.ErrorCode.ShouldBe(401);
        error.Message.ShouldBe("Unauthorized");
    }

    [Fact]
    public async Task Unknown_method_is_404_Not_Found_in_Telegrams_envelope()
    {
        await using var telegram = await TelegramEmulator.StartAsync();

        using var response = await TestEmulator.Http.PostAsync($"{telegram.BaseUrl}/bot{telegram.BotToken}/sendHologram", new StringContent("{}", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body.GetProperty("ok").GetBoolean().ShouldBeFalse();
        body.GetProperty("error_code").GetInt32().ShouldBe(404);
        body.GetProperty("description").GetString().ShouldBe("Not Found");
    }

    [Fact]
    public async Task Accepts_form_encoded_and_query_parameters_and_case_insensitive_method_names()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        using var form = await TestEmulator.Http.PostAsync($"{telegram.BaseUrl}/bot{telegram.BotToken}/sendmessage",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = user.Id.ToString(), ["text"] = "<b>form</b>", ["parse_mode"] = "HTML" }));
        using var query = await TestEmulator.Http.GetAsync($"{telegram.BaseUrl}/bot{telegram.BotToken}/sendMessage?chat_id={user.Id}&text=query");

        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        query.StatusCode.ShouldBe(HttpStatusCode.OK);
        var messages = telegram.GetMessages(user.Id);
        messages.Select(m => m.Text).ShouldBe(["form", "query"]);
        messages[0].Entities.ShouldHaveSingleItem().Type.ShouldBe("bold");
        JsonDocument.Parse(await form.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("text").GetString().ShouldBe("form");
    }

    [Fact]
    public async Task Answers_getChat_for_users_and_groups_and_chat_not_found_otherwise()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser("Min", username: "min_k");
        var group = telegram.CreateGroup("Team");
        var bot = telegram.Bot();

        var userChat = await bot.GetChat(user.Id);
        var groupChat = await bot.GetChat(group.Id);
        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.GetChat(42));

        userChat.Username.ShouldBe("min_k");
        userChat.Type.ShouldBe(Telegram.Bot.Types.Enums.ChatType.Private);
        groupChat.Title.ShouldBe("Team");
        groupChat.Type.ShouldBe(Telegram.Bot.Types.Enums.ChatType.Group);
        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: chat not found");
    }

    [Fact]
    public async Task Stores_commands_from_setMyCommands_and_rejects_invalid_ones()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();

        await bot.SetMyCommands([new() { Command = "status", Description = "Link status" }, new() { Command = "help", Description = "Help" }]);
        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SetMyCommands([new() { Command = "Bad Command", Description = "x" }]));

        telegram.GetBotCommands().Select(c => c.Command).ShouldBe(["status", "help"]);
        (await bot.GetMyCommands()).Select(c => c.Command).ShouldBe(["status", "help"]);
        error.ErrorCode.ShouldBe(400);
    }

    [Fact]
    public async Task Command_menus_are_kept_per_scope_and_language_and_shown_as_Telegram_chooses_them()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();
        var korean = telegram.CreateUser("민준", languageCode: "ko-KR");
        var english = telegram.CreateUser("Ann", languageCode: "en");
        var admin = telegram.CreateUser("Boss", languageCode: "en");
        var group = telegram.CreateGroup("Team");
        group.SetMember(english, EmulatedMemberStatus.Member);
        group.SetMember(admin, EmulatedMemberStatus.Administrator);
        BotCommand[] Menu(params string[] names) => names.Select(n => new BotCommand(n, "about " + n)).ToArray();

        await bot.SetMyCommands(Menu("help"));
        await bot.SetMyCommands(Menu("start", "status"), BotCommandScope.AllPrivateChats());
        await bot.SetMyCommands(Menu("start", "settings"), BotCommandScope.AllPrivateChats(), "ko");
        await bot.SetMyCommands(Menu("status"), BotCommandScope.AllGroupChats());
        await bot.SetMyCommands(Menu("status", "stop"), BotCommandScope.AllChatAdministrators());

        telegram.GetCommandMenu(korean, korean.Id).Select(c => c.Command).ShouldBe(["start", "settings"]);
        telegram.GetCommandMenu(english, english.Id).Select(c => c.Command).ShouldBe(["start", "status"]);
        telegram.GetCommandMenu(english, group.Id).Select(c => c.Command).ShouldBe(["status"]);
        telegram.GetCommandMenu(admin, group.Id).Select(c => c.Command).ShouldBe(["status", "stop"]);
        (await bot.GetMyCommands(BotCommandScope.AllPrivateChats(), "ko")).Select(c => c.Command).ShouldBe(["start", "settings"]);
        (await bot.GetMyCommands(BotCommandScope.AllGroupChats(), "ko")).ShouldBeEmpty();

        // an empty list deletes a scope's commands, and the next scope shows
        await bot.SetMyCommands([], BotCommandScope.AllChatAdministrators());
        telegram.GetCommandMenu(admin, group.Id).Select(c => c.Command).ShouldBe(["status"]);

        // a chat's own scope comes before the all-chats scopes
        await bot.SetMyCommands(Menu("link"), BotCommandScope.Chat(group.Id));
        telegram.GetCommandMenu(english, group.Id).Select(c => c.Command).ShouldBe(["link"]);
        telegram.GetCommandMenu(english, english.Id).Select(c => c.Command).ShouldBe(["start", "status"]);
    }

    [Fact]
    public async Task Command_scopes_and_language_codes_Telegram_refuses_are_refused()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();
        var user = telegram.CreateUser();
        BotCommand[] menu = [new("help", "Help")];

        var language = await Should.ThrowAsync<ApiRequestException>(() => bot.SetMyCommands(menu, languageCode: "english"));
        var unknownChat = await Should.ThrowAsync<ApiRequestException>(() => bot.SetMyCommands(menu, BotCommandScope.Chat(-42)));
        var privateAdmins = await Should.ThrowAsync<ApiRequestException>(() => bot.SetMyCommands(menu, BotCommandScope.ChatAdministrators(user.Id)));

        language.Message.ShouldBe("Bad Request: invalid language code specified");
        unknownChat.Message.ShouldBe("Bad Request: chat not found");
        privateAdmins.Message.ShouldBe("Bad Request: can't use this scope in private chats");
        telegram.GetBotCommands().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_configured_token_is_used_and_a_malformed_one_is_refused()
    {
        await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotToken = "123456:TEST-fixed-token" });

        (await telegram.Bot().GetMe()).Id.ShouldBe(123456);
        await Should.ThrowAsync<ArgumentException>(() => TelegramEmulator.StartAsync(new TelegramEmulatorOptions { BotToken = "not-a-token" }));
    }
}
