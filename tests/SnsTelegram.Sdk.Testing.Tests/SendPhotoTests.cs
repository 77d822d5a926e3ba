using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class SendPhotoTests
{
    private const string Url = "https://cdn.example.com/posts/1/screenshot.png";

    [Fact]
    public async Task A_photo_by_URL_is_recorded_with_its_caption_and_answered_with_sizes()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var keyboard = new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl("View post", "https://example.com/p/1"));

        var sent = await telegram.Bot().SendPhoto(user.Id, InputFile.FromUri(Url), "<b>Published</b> on Instagram", ParseMode.Html,
            replyMarkup: keyboard, disableNotification: true);

        sent.Caption.ShouldBe("Published on Instagram");
        sent.CaptionEntities.ShouldNotBeNull().ShouldHaveSingleItem().Type.ShouldBe(MessageEntityType.Bold);
        sent.Text.ShouldBeNull();
        var sizes = sent.Photo.ShouldNotBeNull();
        sizes.Length.ShouldBe(3);
        var recorded = telegram.GetMessages(user.Id).ShouldHaveSingleItem();
        recorded.Photo.ShouldNotBeNull().SourceUrl.ShouldBe(Url);
        recorded.Photo.FileId.ShouldBe(sizes[^1].FileId);
        recorded.Caption.ShouldBe("Published on Instagram");
        recorded.Text.ShouldBe("Published on Instagram");
        recorded.SourceText.ShouldBe("<b>Published</b> on Instagram");
        recorded.Buttons.ShouldBe([new RecordedButton("View post", null, "https://example.com/p/1")]);
        recorded.DisableNotification.ShouldBeTrue();
        telegram.Counters.MessagesSent.ShouldBe(1);
    }

    [Fact]
    public async Task A_photo_can_be_sent_again_by_the_file_id_Telegram_gave_but_not_by_an_unknown_one()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var first = await bot.SendPhoto(user.Id, InputFile.FromUri(Url));

        var again = await bot.SendPhoto(user.Id, InputFile.FromFileId(first.Photo![^1].FileId), "again");
        var unknown = await Should.ThrowAsync<ApiRequestException>(() => bot.SendPhoto(user.Id, InputFile.FromFileId("AgACAgNoSuchFile"), "x"));

        again.Photo.ShouldNotBeNull()[^1].FileId.ShouldBe(first.Photo[^1].FileId);
        telegram.GetMessages(user.Id)[1].Photo.ShouldNotBeNull().SourceUrl.ShouldBeNull();
        telegram.GetMessages(user.Id)[0].Caption.ShouldBe(string.Empty);
        unknown.ErrorCode.ShouldBe(400);
        unknown.Message.ShouldBe("Bad Request: wrong file identifier/HTTP URL specified");
    }

    [Fact]
    public async Task Pictures_Telegram_cannot_use_and_long_captions_are_refused_like_Telegram_does()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        telegram.RejectPhotoUrl("https://cdn.example.com/gone.png");

        var invalid = await Should.ThrowAsync<ApiRequestException>(() => bot.SendPhoto(user.Id, InputFile.FromUri("https://cdn.example.com/invalid.png"), "x"));
        var gone = await Should.ThrowAsync<ApiRequestException>(() => bot.SendPhoto(user.Id, InputFile.FromUri("https://cdn.example.com/gone.png"), "x"));
        var tooLong = await Should.ThrowAsync<ApiRequestException>(() => bot.SendPhoto(user.Id, InputFile.FromUri(Url), "<b>" + new string('가', 1025) + "</b>", ParseMode.Html));
        var fits = await bot.SendPhoto(user.Id, InputFile.FromUri(Url), "<b>" + new string('가', 1024) + "</b>", ParseMode.Html);

        invalid.Message.ShouldBe("Bad Request: wrong file identifier/HTTP URL specified");
        gone.Message.ShouldBe("Bad Request: failed to get HTTP URL content");
        tooLong.ErrorCode.ShouldBe(400);
        tooLong.Message.ShouldBe("Bad Request: message caption is too long");
        fits.Caption!.Length.ShouldBe(1024);
        telegram.GetMessages(user.Id).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_caption_is_edited_with_editMessageCaption_and_a_text_message_has_none()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var photo = await bot.SendPhoto(user.Id, InputFile.FromUri(Url), "Likes: 1");
        var text = await bot.SendMessage(user.Id, "Likes: 1");

        var edited = await bot.EditMessageCaption(user.Id, photo.MessageId, "<b>Likes: 2</b>", ParseMode.Html);
        var same = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageCaption(user.Id, photo.MessageId, "<b>Likes: 2</b>", ParseMode.Html));
        var noCaption = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageCaption(user.Id, text.MessageId, "Likes: 2"));
        var noText = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageText(user.Id, photo.MessageId, "Likes: 3"));
        var missing = await Should.ThrowAsync<ApiRequestException>(() => bot.EditMessageCaption(user.Id, 999, "x"));

        edited.Caption.ShouldBe("Likes: 2");
        edited.EditDate.ShouldNotBeNull();
        var recorded = telegram.GetMessages(user.Id)[0];
        recorded.Caption.ShouldBe("Likes: 2");
        recorded.Photo.ShouldNotBeNull().SourceUrl.ShouldBe(Url);
        recorded.PreviousVersions.ShouldHaveSingleItem().Caption.ShouldBe("Likes: 1");
        same.Message.ShouldBe("Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        noCaption.Message.ShouldBe("Bad Request: there is no caption in the message to edit");
        noText.Message.ShouldBe("Bad Request: there is no text in the message to edit");
        missing.Message.ShouldBe("Bad Request: message to edit not found");
        telegram.Counters.MessagesEdited.ShouldBe(1);
    }
}
