using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class SendMessageTests
{
    [Fact]
    public async Task Records_the_link_preview_the_bot_asked_for()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser("Min");
        var bot = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl));

        await bot.SendMessage(user.Id, "Published: https://example.com/a", linkPreviewOptions: new LinkPreviewOptions { Url = "https://example.com/p/1", ShowAboveText = true });
        await bot.SendMessage(user.Id, "Report", linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true });

        var messages = telegram.GetMessages(user.Id);
        messages[0].LinkPreviewUrl.ShouldBe("https://example.com/p/1");
        messages[0].LinkPreviewAboveText.ShouldBeTrue();
        messages[0].LinkPreviewDisabled.ShouldBeFalse();
        messages[1].LinkPreviewDisabled.ShouldBeTrue();
        messages[1].LinkPreviewUrl.ShouldBeNull();
    }

    [Fact]
    public async Task Records_the_message_and_answers_it_like_Telegram()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser("Ji-woo", languageCode: "ko");
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Stop", "stop"), InlineKeyboardButton.WithUrl("Open", "https://example.com/p/1")]]);

        var sent = await telegram.Bot().SendMessage(user.Id, "<b>Published</b> on Instagram", ParseMode.Html, replyMarkup: keyboard,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, disableNotification: true);

        sent.Text.ShouldBe("Published on Instagram");
        sent.Chat.Id.ShouldBe(user.Id);
        sent.From!.Id.ShouldBe(telegram.BotId);
        sent.Entities.ShouldNotBeNull().ShouldHaveSingleItem().Type.ShouldBe(MessageEntityType.Bold);
        sent.ReplyMarkup!.InlineKeyboard.First().First().CallbackData.ShouldBe("stop");
        var recorded = telegram.GetMessages(user.Id).ShouldHaveSingleItem();
        recorded.MessageId.ShouldBe(sent.MessageId);
        recorded.Text.ShouldBe("Published on Instagram");
        recorded.SourceText.ShouldBe("<b>Published</b> on Instagram");
        recorded.ParseMode.ShouldBe("HTML");
        recorded.Entities.ShouldBe([new RecordedEntity("bold", 0, 9)]);
        recorded.Buttons.ShouldBe([new RecordedButton("Stop", "stop", null), new RecordedButton("Open", null, "https://example.com/p/1")]);
        recorded.DisableNotification.ShouldBeTrue();
        recorded.LinkPreviewDisabled.ShouldBeTrue();
        telegram.Counters.MessagesSent.ShouldBe(1);
    }

    [Fact]
    public async Task Unknown_chat_is_400_chat_not_found()
    {
        await using var telegram = await TestEmulator.StartAsync();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SendMessage(7_000_000_001, "hi"));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: chat not found");
    }

    [Fact]
    public async Task Blocked_user_is_403_and_unblocking_lets_messages_through_again()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await user.BlockAsync();

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "hi"));
        await user.UnblockAsync();
        await bot.SendMessage(user.Id, "welcome back");

        error.ErrorCode.ShouldBe(403);
        error.Message.ShouldBe("Forbidden: bot was blocked by the user");
        user.HasBlockedBot.ShouldBeFalse();
        telegram.GetMessages(user.Id).ShouldHaveSingleItem().Text.ShouldBe("welcome back");
    }

    [Fact]
    public async Task A_user_who_never_started_the_bot_cannot_be_written_to_until_they_press_Start()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser(hasStartedBot: false);
        var bot = telegram.Bot();

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "hi"));
        await user.PressStartAsync();
        await bot.SendMessage(user.Id, "hello");

        error.ErrorCode.ShouldBe(403);
        error.Message.ShouldBe("Forbidden: bot can't initiate conversation with a user");
        user.HasStartedBot.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("<b> </b>")]
    public async Task Empty_text_is_400(string text)
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SendMessage(user.Id, text, ParseMode.Html));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: message text is empty");
    }

    [Fact]
    public async Task Text_over_4096_characters_after_entity_parsing_is_400_too_long()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var fits = "<b>" + new string('a', 4096) + "</b>"; // 4103 characters of HTML, 4096 of text
        var emoji = string.Concat(Enumerable.Repeat("😀", 4096)); // 8192 UTF-16 units, 4096 characters

        await bot.SendMessage(user.Id, fits, ParseMode.Html);
        await bot.SendMessage(user.Id, emoji);
        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(user.Id, new string('a', 4097)));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: message is too long");
        telegram.GetMessages(user.Id).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Callback_data_over_64_bytes_is_400()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var tooLong = new string('가', 22); // 66 bytes in UTF-8

        var error = await Should.ThrowAsync<ApiRequestException>(() =>
            bot.SendMessage(user.Id, "x", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("b", tooLong))));
        await bot.SendMessage(user.Id, "x", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("b", new string('a', 64))));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: BUTTON_DATA_INVALID");
    }

    [Fact]
    public async Task Edits_are_recorded_with_their_previous_versions_and_unchanged_edits_are_refused()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var sent = await bot.SendMessage(user.Id, "Publishing…", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Cancel", "cancel")));

        var edited = await bot.EditMessageText(user.Id, sent.MessageId, "<i>Published</i>", ParseMode.Html);
        var same = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageText(user.Id, sent.MessageId, "<i>Published</i>", ParseMode.Html));
        var missing = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageText(user.Id, 999, "x"));

        edited.Text.ShouldBe("Published");
        edited.EditDate.ShouldNotBeNull();
        var recorded = telegram.GetMessages(user.Id).ShouldHaveSingleItem();
        recorded.Text.ShouldBe("Published");
        recorded.EditedAt.ShouldNotBeNull();
        recorded.InlineKeyboard.ShouldBeEmpty();
        recorded.PreviousVersions.ShouldHaveSingleItem().Text.ShouldBe("Publishing…");
        same.Message.ShouldStartWith("Bad Request: message is not modified");
        missing.Message.ShouldBe("Bad Request: message to edit not found");
        telegram.Counters.MessagesEdited.ShouldBe(1);
    }

    [Fact]
    public async Task Deleted_messages_are_flagged_and_cannot_be_deleted_twice()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var sent = await bot.SendMessage(user.Id, "temporary");

        await bot.DeleteMessage(user.Id, sent.MessageId);
        var again = await Should.ThrowAsync<ApiRequestException>(() => bot.DeleteMessage(user.Id, sent.MessageId));

        telegram.GetMessages(user.Id).ShouldHaveSingleItem().IsDeleted.ShouldBeTrue();
        again.Message.ShouldBe("Bad Request: message to delete not found");
    }

    [Fact]
    public async Task Sending_to_an_upgraded_group_is_400_with_migrate_to_chat_id()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Marketing");
        var oldId = group.Id;
        var bot = telegram.Bot();

        var newId = await group.UpgradeToSupergroupAsync();
        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(oldId, "report"));
        var sent = await bot.SendMessage(error.Parameters!.MigrateToChatId!.Value, "report");

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: group chat was upgraded to a supergroup chat");
        error.Parameters.MigrateToChatId.ShouldBe(newId);
        newId.ToString().ShouldStartWith("-100");
        sent.Chat.Type.ShouldBe(ChatType.Supergroup);
        group.Id.ShouldBe(newId);
        group.MigratedFromId.ShouldBe(oldId);
        telegram.GetMessages(newId).ShouldHaveSingleItem().Text.ShouldBe("report");
    }

    [Fact]
    public async Task Recorded_timestamps_come_from_the_configured_TimeProvider()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 2, 26, 9, 0, 0, TimeSpan.Zero));
        await using var telegram = await TestEmulator.StartAsync(o => o.TimeProvider = time);
        var user = telegram.CreateUser();

        var sent = await telegram.Bot().SendMessage(user.Id, "Daily report");

        telegram.GetMessages(user.Id).ShouldHaveSingleItem().SentAt.ShouldBe(time.GetUtcNow());
        sent.Date.ShouldBe(new DateTime(2026, 2, 26, 9, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Wait_helpers_return_the_next_message_and_time_out_clearly()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await bot.SendMessage(user.Id, "one");

        var first = await telegram.WaitForMessageAsync(user.Id, TestSupport.Wait);
        var pending = telegram.WaitForMessageAsync(user.Id, TestSupport.Wait);
        await bot.SendMessage(user.Id, "two");
        var second = await pending;
        var edited = telegram.WaitForMessageAsync(user.Id, m => m.EditedAt is not null, TestSupport.Wait);
        await bot.EditMessageText(user.Id, second.MessageId, "two (edited)");
        var both = await telegram.WaitForMessagesAsync(user.Id, 2, TestSupport.Wait);

        first.Text.ShouldBe("one");
        second.Text.ShouldBe("two");
        (await edited).Text.ShouldBe("two (edited)");
        both.Count.ShouldBe(2);
        var timeout = await Should.ThrowAsync<TimeoutException>(() => telegram.WaitForMessageAsync(user.Id, TimeSpan.FromMilliseconds(50)));
        timeout.Message.ShouldContain(user.Id.ToString());
    }
}
