using SnsTelegram.Sdk.Bot;

namespace SnsTelegram.Sdk.Tests.Linking;

public sealed class BotCommandParserTests
{
    [Theory]
    [InlineData("/start", "start", null, false)]
    [InlineData("/start abc_DEF-123", "start", "abc_DEF-123", false)]
    [InlineData("/START@Sns_Test_Bot token", "start", "token", true)]
    [InlineData("/status@sns_test_bot", "status", null, true)]
    [InlineData("/help\nmore", "help", "more", false)]
    public void Commands_for_this_bot_are_parsed(string text, string command, string? argument, bool addressed)
    {
        var parsed = BotCommandParser.Parse(text, "sns_test_bot");

        parsed.Kind.ShouldBe(BotCommandKind.Command);
        parsed.Command.ShouldBe(command);
        parsed.Argument.ShouldBe(argument);
        parsed.AddressedToUs.ShouldBe(addressed);
    }

    [Fact]
    public void Commands_for_another_bot_are_recognised() =>
        BotCommandParser.Parse("/start@OtherBot token", "sns_test_bot").Kind.ShouldBe(BotCommandKind.OtherBot);

    [Theory]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/@sns_test_bot")]
    [InlineData(" /start")]
    public void Other_text_is_not_a_command(string text) =>
        BotCommandParser.Parse(text, "sns_test_bot").Kind.ShouldBe(BotCommandKind.NotCommand);
}
