using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk.Testing.Tests;

/// <summary>Reply keyboards with <c>request_location</c>, their removal, location messages, and editing a message's inline keyboard.</summary>
public sealed class KeyboardAndLocationTests
{
    [Fact]
    public async Task A_location_request_keyboard_is_recorded_in_a_private_chat_and_refused_in_a_group()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var group = telegram.CreateGroup();
        var keyboard = new ReplyKeyboardMarkup(KeyboardButton.WithRequestLocation("Send my location")) { ResizeKeyboard = true, OneTimeKeyboard = true };
        var bot = telegram.Bot();

        await bot.SendMessage(user.Id, "Where are you?", replyMarkup: keyboard);
        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(group.Id, "Where are you?", replyMarkup: keyboard));
        await bot.SendMessage(user.Id, "Thanks", replyMarkup: new ReplyKeyboardRemove());

        var messages = telegram.GetMessages(user.Id);
        messages[0].ReplyKeyboard.ShouldHaveSingleItem().ShouldBe([new RecordedKeyboardButton("Send my location", RequestLocation: true)]);
        messages[0].InlineKeyboard.ShouldBeEmpty();
        messages[1].RemovesReplyKeyboard.ShouldBeTrue();
        messages[1].ReplyKeyboard.ShouldBeEmpty();
        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: location can be requested in a private chats only");
        telegram.GetMessages(group.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_shared_location_reaches_the_bot_as_a_location_message()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        await user.ShareLocationAsync(35.6762, 139.6503);

        var update = (await telegram.Bot().GetUpdates()).ShouldHaveSingleItem();
        update.Message!.Type.ShouldBe(MessageType.Location);
        update.Message.Text.ShouldBeNull();
        update.Message.Location!.Latitude.ShouldBe(35.6762);
        update.Message.Location.Longitude.ShouldBe(139.6503);
        update.Message.Chat.Id.ShouldBe(user.Id);
        telegram.GetConversation(user.Id).ShouldHaveSingleItem().Location.ShouldBe(new RecordedLocation(35.6762, 139.6503));
        Should.Throw<ArgumentOutOfRangeException>(() => user.ShareLocationAsync(91, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => user.ShareLocationAsync(0, double.NaN));
    }

    [Fact]
    public async Task Editing_the_text_with_a_new_inline_keyboard_keeps_the_message_id()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var sent = await bot.SendMessage(user.Id, "Settings", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Language", "set:lang")));

        await bot.EditMessageText(user.Id, sent.MessageId, "Language", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("English", "set:lang=en")));

        var edited = telegram.GetMessages(user.Id).ShouldHaveSingleItem();
        edited.MessageId.ShouldBe(sent.MessageId);
        edited.Text.ShouldBe("Language");
        edited.Buttons.ShouldBe([new RecordedButton("English", "set:lang=en", null)]);
        edited.PreviousVersions.ShouldHaveSingleItem().Buttons.ShouldBe([new RecordedButton("Language", "set:lang", null)]);
    }
}
