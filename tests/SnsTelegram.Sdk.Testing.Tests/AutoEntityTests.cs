using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class AutoEntityTests
{
    [Fact]
    public async Task Telegram_finds_links_mentions_hashtags_and_commands_in_bot_messages_but_not_inside_code_or_links()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        var sent = await telegram.Bot().SendMessage(user.Id,
            "See https://example.com/p/1. by @sns_team #launch /status or mail ops@example.com <code>https://no.example</code> <a href=\"https://x.example\">@not_mention</a>",
            ParseMode.Html);

        var message = telegram.GetMessages(user.Id).Single();
        message.Entities.Select(e => (e.Type, message.TextOf(e))).ShouldBe([
            ("url", "https://example.com/p/1"),
            ("mention", "@sns_team"),
            ("hashtag", "#launch"),
            ("bot_command", "/status"),
            ("email", "ops@example.com"),
            ("code", "https://no.example"),
            ("text_link", "@not_mention"),
        ]);
        sent.Entities!.Select(e => e.Type).ShouldContain(MessageEntityType.Url);
    }

    [Fact]
    public async Task A_plain_message_without_such_text_has_no_entities()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        await telegram.Bot().SendMessage(user.Id, "Posted 3/4 items at 10:00 (50%) a/b");

        telegram.GetMessages(user.Id).Single().Entities.ShouldBeEmpty();
    }
}
