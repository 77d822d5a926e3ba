using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class HtmlParsingTests
{
    [Fact]
    public async Task Parses_every_supported_tag_into_Telegram_entities()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        const string Html = "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>"
            + "<span class=\"tg-spoiler\">p</span><tg-spoiler>q</tg-spoiler><a href=\"https://example.com/?a=1&amp;b=2\">link</a>"
            + "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji><code>c</code><pre>pre</pre>"
            + "<pre><code class=\"language-csharp\">var x;</code></pre><blockquote>q</blockquote><blockquote expandable>x</blockquote>";

        await telegram.Bot().SendMessage(user.Id, Html, ParseMode.Html);

        var message = telegram.GetMessages(user.Id).Single();
        message.Text.ShouldBe("bsieunskdpqlink👍cprevar x;qx");
        message.Entities.Select(e => e.Type).ShouldBe([
            "bold", "bold", "italic", "italic", "underline", "underline", "strikethrough", "strikethrough", "strikethrough",
            "spoiler", "spoiler", "text_link", "custom_emoji", "code", "pre", "pre", "blockquote", "expandable_blockquote"]);
        message.FindEntity("text_link")!.Url.ShouldBe("https://example.com/?a=1&b=2");
        message.TextOf(message.FindEntity("text_link")!).ShouldBe("link");
        message.FindEntity("custom_emoji")!.CustomEmojiId.ShouldBe("5368324170671202286");
        message.Entities.Single(e => e.Language is not null).Language.ShouldBe("csharp");
    }

    [Fact]
    public async Task A_tg_user_link_becomes_a_text_mention_with_the_user_and_other_tg_links_stay_text_links()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser("Mina");
        var sent = await telegram.Bot().SendMessage(
            user.Id,
            $"Hi <a href=\"tg://user?id={user.Id}\">Mina</a>, see <a href=\"tg://resolve?domain=sns\">this</a> and <a href=\"tg://user?id=0\">nobody</a>",
            ParseMode.Html);

        var recorded = telegram.GetMessages(user.Id).Single();
        recorded.Entities.Select(e => e.Type).ShouldBe(["text_mention", "text_link", "text_link"]);
        recorded.FindEntity("text_mention")!.UserId.ShouldBe(user.Id);
        recorded.TextOf(recorded.FindEntity("text_mention")!).ShouldBe("Mina");

        // what the bot gets back: Telegram's MessageEntity with the mentioned user
        var mention = sent.Entities!.First();
        mention.Type.ShouldBe(MessageEntityType.TextMention);
        mention.User!.Id.ShouldBe(user.Id);
        mention.User.FirstName.ShouldBe("Mina");
        sent.Entities![1].Url.ShouldBe("tg://resolve?domain=sns");
    }

    [Fact]
    public async Task Offsets_and_lengths_are_in_UTF16_code_units_and_entities_decode()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        var sent = await telegram.Bot().SendMessage(user.Id, "📸 <b>인스타그램</b> &lt;3 &amp; &quot;ok&quot; &#128077; &#x1F44D;", ParseMode.Html);

        var message = telegram.GetMessages(user.Id).Single();
        message.Text.ShouldBe("📸 인스타그램 <3 & \"ok\" 👍 👍");
        message.Entities.ShouldBe([new RecordedEntity("bold", 3, 5)]);
        sent.Entities!.Single().Offset.ShouldBe(3);
    }

    [Fact]
    public async Task Nested_tags_produce_nested_entities_sorted_by_offset()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        await telegram.Bot().SendMessage(user.Id, "<b>bold <i>both</i></b> plain", ParseMode.Html);

        telegram.GetMessages(user.Id).Single().Entities.ShouldBe([new RecordedEntity("bold", 0, 9), new RecordedEntity("italic", 5, 4)]);
    }

    [Theory]
    [InlineData("<div>x</div>", "Unsupported start tag \"div\" at byte offset 0")]
    [InlineData("<b>x", "Can't find end tag corresponding to start tag \"b\"")]
    [InlineData("<b><i>x</b></i>", "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"")]
    [InlineData("x</b>", "Unexpected end tag at byte offset 1")]
    [InlineData("1 < 2", "Unsupported start tag \"\" at byte offset 2")]
    [InlineData("Tom & Jerry", "Character \"&\" at byte offset 4 must be escaped as \"&amp;\"")]
    [InlineData("a&nbsp;b", "Unsupported HTML entity \"&nbsp;\" at byte offset 1")]
    [InlineData("<span class=\"bold\">x</span>", "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0")]
    [InlineData("<b", "Unclosed start tag at byte offset 0")]
    [InlineData("<a href>x</a>", "Expected equal sign in declaration of an attribute of the tag \"a\" at byte offset 0")]
    [InlineData("<tg-emoji emoji-id=\"x\">👍</tg-emoji>", "Invalid custom emoji identifier specified")]
    [InlineData("한글 <p>", "Unsupported start tag \"p\" at byte offset 7")]
    public async Task Invalid_HTML_is_400_cant_parse_entities_with_Telegrams_detail(string html, string detail)
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SendMessage(user.Id, html, ParseMode.Html));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: can't parse entities: " + detail);
        telegram.GetMessages(user.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_parse_mode_the_text_is_stored_as_is_with_explicit_entities()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        await telegram.Bot().SendMessage(user.Id, "<b>not html</b> & more",
            entities: [new Telegram.Bot.Types.MessageEntity { Type = MessageEntityType.Italic, Offset = 0, Length = 3 }]);

        var message = telegram.GetMessages(user.Id).Single();
        message.Text.ShouldBe("<b>not html</b> & more");
        message.Entities.ShouldBe([new RecordedEntity("italic", 0, 3)]);
        message.ParseMode.ShouldBeNull();
    }
}
