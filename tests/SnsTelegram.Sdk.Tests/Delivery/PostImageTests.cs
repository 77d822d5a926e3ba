using System.Text.Json;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>Post images: validation, rendering as a photo with a caption, and delivery against the emulator.</summary>
public sealed class PostImageTests
{
    private const string Image = "https://cdn.example.com/posts/1/screenshot.png";

    [Theory]
    [InlineData("http://cdn.example.com/a.png")]
    [InlineData("ftp://cdn.example.com/a.png")]
    [InlineData("/posts/1.png")]
    [InlineData("https://")]
    [InlineData("https://cdn.example.com/a b.png")]
    [InlineData("")]
    [InlineData("javascript:alert(1)")]
    public void An_image_URL_must_be_absolute_https(string url)
    {
        var published = Should.Throw<ArgumentException>(() => new PostPublished("u", SnsPlatform.Instagram, "x", null) { ImageUrl = url });
        published.ParamName.ShouldBe("ImageUrl");
        published.Message.ShouldContain("absolute https URL");
        Should.Throw<ArgumentException>(() => new PostFailed("u", SnsPlatform.Instagram, "x", "e") { ImageUrl = url });
        Should.Throw<ArgumentException>(() => TelegramPhoto.FromUrl(url));
    }

    [Fact]
    public void Valid_images_and_file_ids_are_kept()
    {
        new PostPublished("u", SnsPlatform.Instagram, "x", null) { ImageUrl = Image }.ImageUrl.ShouldBe(Image);
        new PostPublished("u", SnsPlatform.Instagram, "x", null) { ImageUrl = null }.ImageUrl.ShouldBeNull();
        TelegramPhoto.FromUrl(Image).Url.ShouldBe(Image);
        TelegramPhoto.FromFileId("AgACAgQAAxk").FileId.ShouldBe("AgACAgQAAxk");
        Should.Throw<ArgumentException>(() => TelegramPhoto.FromFileId(" "));
        Should.Throw<ArgumentException>(() => TelegramPhoto.FromFileId("a b"));
        Should.Throw<ArgumentException>(() => TelegramPhoto.FromFileId(new string('a', 257)));
    }

    [Fact]
    public void The_snake_case_payload_carries_the_image_url()
    {
        using var payload = JsonDocument.Parse($$"""{"platform":"instagram","preview":"Spring","image_url":"{{Image}}"}""");
        ((PostPublished)SnsNotificationFactory.Create(NotificationTypes.PostSuccess, "u", payload.RootElement)).ImageUrl.ShouldBe(Image);
        ((PostFailed)SnsNotificationFactory.Create(NotificationTypes.PostFailure, "u", payload.RootElement)).ImageUrl.ShouldBe(Image);
    }

    [Fact]
    public async Task An_edit_keeps_the_original_kind_of_message_a_photo_with_a_short_caption_or_a_text()
    {
        await using var h = DeliveryHarness.Create(o => o.DefaultLanguage = "en");
        await h.LinkAsync("u", 5);
        var long1 = new string('x', 200);
        var withPhoto = new PostFailed("u", SnsPlatform.Facebook, long1, new string('e', 1000)) { IdempotencyKey = "photo", ImageUrl = Image };
        var withoutPhoto = new PostFailed("u", SnsPlatform.Facebook, long1, "boom") { IdempotencyKey = "text" };
        await h.Notifier.NotifyAsync(withPhoto);
        await h.Notifier.NotifyAsync(withoutPhoto);

        // the update forgets the picture: still a caption edit of the photo, within 1024 characters
        var captionEdit = await h.MessageAsync((await h.Notifier.UpdateAsync(withPhoto with { ImageUrl = null, ErrorMessage = new string('f', 1000) })).OutboxId!.Value);
        // the update brings a picture: an edit cannot add one, so the text is edited
        var textEdit = await h.MessageAsync((await h.Notifier.UpdateAsync(withoutPhoto with { ImageUrl = Image, ErrorMessage = "boom again" })).OutboxId!.Value);

        captionEdit.Message.Photo.ShouldBe(TelegramPhoto.FromUrl(Image));
        TelegramHtml.PlainLength(captionEdit.Message.Text).ShouldBeLessThanOrEqualTo(1024);
        captionEdit.Message.Text.ShouldContain("fff");
        textEdit.Message.Photo.ShouldBeNull();
        textEdit.Message.Text.ShouldContain("boom again");
    }

    [Fact]
    public async Task A_post_with_an_image_arrives_as_a_photo_and_new_metrics_edit_its_caption()
    {
        await using var live = await LiveDelivery.StartAsync(configure: o => o.DefaultLanguage = "en", recordingFormatter: false);
        var alice = live.Emulator.CreateUser("Alice");
        await live.LinkAsync("alice", alice.ChatId);
        var post = new PostPublished("alice", SnsPlatform.Instagram, new string('a', 180), "https://example.com/p/1", Likes: 10,
            PublishedAt: new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)) { PostId = "p1", ImageUrl = Image };

        var sent = await live.Notifier.NotifyAsync(post);
        var update = await live.Notifier.UpdateAsync(post with { Likes = 99 });
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync([sent.OutboxId!.Value, update.OutboxId!.Value]);

        var message = live.Emulator.GetMessages(alice.ChatId).ShouldHaveSingleItem();
        message.Photo.ShouldNotBeNull().SourceUrl.ShouldBe(Image);
        message.Caption.ShouldNotBeNull().ShouldContain("Likes: 99");
        message.Caption.ShouldContain("Published");
        message.PreviousVersions.ShouldHaveSingleItem().Caption.ShouldNotBeNull().ShouldContain("Likes: 10");
        message.Buttons.Select(b => b.Text).ShouldBe(["🔗 View post", "🔕 Mute this type"]);
        live.Emulator.Counters.GetCalls("sendPhoto").ShouldBe(1);
        live.Emulator.Counters.GetCalls("editMessageCaption").ShouldBe(1);
        (await live.Outbox.GetAsync(update.OutboxId.Value))!.State.ShouldBe(OutboxState.Sent);
    }

    [Fact]
    public async Task An_image_Telegram_cannot_fetch_still_delivers_the_text_and_later_edits_change_that_text()
    {
        await using var live = await LiveDelivery.StartAsync(configure: o => o.DefaultLanguage = "en", recordingFormatter: false);
        var alice = live.Emulator.CreateUser("Alice");
        await live.LinkAsync("alice", alice.ChatId);
        const string broken = "https://cdn.example.com/invalid/screenshot.png";
        var post = new PostPublished("alice", SnsPlatform.Instagram, "Spring sale", null, Likes: 10,
            PublishedAt: new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)) { PostId = "p1", ImageUrl = broken };

        var sent = await live.Notifier.NotifyAsync(post);
        await live.StartDispatcherAsync();
        await live.WaitUntilDoneAsync([sent.OutboxId!.Value]);
        var update = await live.Notifier.UpdateAsync(post with { Likes = 11 });
        await live.WaitUntilDoneAsync([update.OutboxId!.Value]);

        (await live.Outbox.GetAsync(sent.OutboxId.Value))!.State.ShouldBe(OutboxState.Sent);
        (await live.Outbox.GetAsync(update.OutboxId.Value))!.State.ShouldBe(OutboxState.Sent);
        var message = live.Emulator.GetMessages(alice.ChatId).ShouldHaveSingleItem();
        message.Photo.ShouldBeNull();
        message.Text.ShouldContain("Spring sale");
        message.Text.ShouldContain("Likes: 11");
        message.PreviousVersions.ShouldHaveSingleItem().Text.ShouldContain("Likes: 10");
        live.Emulator.Counters.GetCalls("sendPhoto").ShouldBe(1);
        live.Emulator.Counters.GetCalls("sendMessage").ShouldBe(1);
    }
}
