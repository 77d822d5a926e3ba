using SnsTelegram.Sdk.Testing;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Xunit;

public class WelcomeFlowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_bot_welcomes_a_user_who_opens_the_deep_link()
    {
        await using var telegram = await TelegramEmulator.StartAsync();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl));
        var user = telegram.CreateUser("Min", languageCode: "ko", hasStartedBot: false);

        // the user opens https://t.me/<bot>?start=link_abc and presses Start
        await user.PressStartAsync("link_abc");

        // your bot code: read the update and answer (here inline, in your app a webhook or a polling receiver)
        var update = (await bot.GetUpdates()).Single();
        await bot.SendMessage(update.Message!.Chat.Id, "<b>Linked!</b> You will get notifications here.", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Unlink", "unlink")));

        // assert on what Telegram received: plain text, entities and buttons
        var message = await telegram.WaitForMessageAsync(user.Id, Timeout);
        Assert.Equal("Linked! You will get notifications here.", message.Text);
        Assert.Equal("bold", message.Entities[0].Type);
        Assert.Equal("Linked!", message.TextOf(message.Entities[0]));
        Assert.Equal("unlink", message.Buttons.Single().CallbackData);
    }
}
