using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Tests.DependencyInjection;

public sealed class OptionsValidationTests
{
    internal const string ValidToken = "123456:TEST-fake-token-for-unit-tests-only";

    private static SnsTelegramOptions Resolve(Action<SnsTelegramOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = ValidToken;
            o.BotUsername = "sns_test_bot";
            o.WebhookSecret = "secret_123";
            configure(o);
        });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
    }

    [Fact]
    public void Valid_configuration_resolves()
    {
        var options = Resolve(_ => { });
        options.DefaultLanguage.ShouldBe("ko");
        options.DefaultTimeZone.ShouldBe("UTC");
        options.LinkTokenLifetime.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData("not-a-token", "SnsTelegram:BotToken")]
    [InlineData("", "SnsTelegram:BotToken")]
    [InlineData("12345:short", "SnsTelegram:BotToken")]
    public void Bad_bot_token_names_the_setting_without_echoing_the_token(string token, string setting)
    {
        var ex = Should.Throw<OptionsValidationException>(() => Resolve(o => o.BotToken = token));
        ex.Message.ShouldContain(setting);
        if (token.Length > 0)
        {
            ex.Message.ShouldNotContain(token);
        }
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("bad!char")]
    [InlineData("")]
    public void Webhook_secret_outside_the_allowed_alphabet_is_refused(string secret)
    {
        var ex = Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookSecret = secret));
        ex.Message.ShouldContain("SnsTelegram:WebhookSecret");
    }

    [Fact]
    public void Webhook_secret_longer_than_256_is_refused() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookSecret = new string('a', 257)))
            .Message.ShouldContain("1 to 256");

    [Fact]
    public void Webhook_mode_requires_a_secret_but_polling_does_not()
    {
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookSecret = null))
            .Message.ShouldContain("UpdateMode");
        Resolve(o => { o.WebhookSecret = null; o.UpdateMode = TelegramUpdateMode.Polling; }).UpdateMode.ShouldBe(TelegramUpdateMode.Polling);
    }

    [Theory]
    [InlineData("CatchUpDays", -1, "SnsTelegram:DailySummary:CatchUpDays must be between 0 and 7.")]
    [InlineData("CatchUpDays", 8, "SnsTelegram:DailySummary:CatchUpDays must be between 0 and 7.")]
    [InlineData("BatchSize", 0, "SnsTelegram:DailySummary:BatchSize must be between 1 and 10000.")]
    [InlineData("BatchSize", 10_001, "SnsTelegram:DailySummary:BatchSize must be between 1 and 10000.")]
    public void Daily_report_settings_out_of_range_are_refused(string setting, int value, string message)
    {
        Should.Throw<OptionsValidationException>(() => Resolve(o =>
        {
            if (setting == "CatchUpDays")
            {
                o.DailySummary.CatchUpDays = value;
            }
            else
            {
                o.DailySummary.BatchSize = value;
            }
        })).Message.ShouldContain(message);
    }

    [Fact]
    public void Daily_report_catch_up_defaults_to_two_days_and_accepts_zero()
    {
        Resolve(_ => { }).DailySummary.CatchUpDays.ShouldBe(2);
        Resolve(o => o.DailySummary.CatchUpDays = 0).DailySummary.CatchUpDays.ShouldBe(0);
    }

    [Fact]
    public void Unknown_time_zone_is_refused() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.DefaultTimeZone = "Mars/Olympus"))
            .Message.ShouldContain("SnsTelegram:DefaultTimeZone");

    [Fact]
    public void Unknown_language_is_refused() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.DefaultLanguage = "fr"))
            .Message.ShouldContain("ko, en");

    [Theory]
    [InlineData("http://example.com/api/telegram/webhook", false)]
    [InlineData("https://example.com/api/telegram/webhook", true)]
    [InlineData("not a url", false)]
    public void Webhook_url_must_be_https(string url, bool ok)
    {
        if (ok)
        {
            Resolve(o => o.WebhookUrl = url).WebhookUrl.ShouldBe(url);
        }
        else
        {
            Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookUrl = url)).Message.ShouldContain("SnsTelegram:WebhookUrl");
        }
    }

    [Fact]
    public void Http_loopback_webhook_is_allowed_only_when_opted_in()
    {
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookUrl = "http://127.0.0.1:5000/hook"));
        Resolve(o => { o.WebhookUrl = "http://127.0.0.1:5000/hook"; o.AllowInsecureLoopbackWebhook = true; }).AllowInsecureLoopbackWebhook.ShouldBeTrue();
    }

    [Fact]
    public void Link_token_lifetime_is_bounded() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.LinkTokenLifetime = TimeSpan.FromSeconds(5)))
            .Message.ShouldContain("SnsTelegram:LinkTokenLifetime");

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnsTelegram:BotToken"] = ValidToken,
            ["SnsTelegram:BotUsername"] = "sns_test_bot",
            ["SnsTelegram:UpdateMode"] = "Polling",
            ["SnsTelegram:DefaultLanguage"] = "en",
            ["SnsTelegram:DefaultTimeZone"] = "Asia/Seoul",
            ["SnsTelegram:Delivery:GlobalMessagesPerSecond"] = "25",
            ["SnsTelegram:Jobs:telegram_daily_summary:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSnsTelegram(config.GetSection("SnsTelegram"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
        options.UpdateMode.ShouldBe(TelegramUpdateMode.Polling);
        options.DefaultLanguage.ShouldBe("en");
        options.DefaultTimeZone.ShouldBe("Asia/Seoul");
        options.Delivery.GlobalMessagesPerSecond.ShouldBe(25);
        options.Jobs["telegram_daily_summary"].Enabled.ShouldBe(false);
    }

    [Fact]
    public void Registration_is_idempotent()
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram(o => { o.BotToken = ValidToken; o.BotUsername = "sns_test_bot"; o.UpdateMode = TelegramUpdateMode.None; });
        var count = services.Count;
        services.AddSnsTelegram();
        services.Count.ShouldBe(count + 1); // only the second Configure delegate is added
    }
}
