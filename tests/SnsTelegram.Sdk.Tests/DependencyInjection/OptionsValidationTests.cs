using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Tests.Linking;
using SnsTelegram.Sdk.Tests.Scheduling;

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

    /// <summary>What validation reports for the configuration, as a start would: its failures, none when it is accepted.</summary>
    private static IEnumerable<string> Failures(Action<SnsTelegramOptions> configure)
    {
        try
        {
            Resolve(configure);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures;
        }
    }

    /// <summary>Runs the bot's start-up set-up with <paramref name="webhookUrl"/>; returns the address it registered with Telegram.</summary>
    private static async Task<string?> RegisteredWebhookAsync(string webhookUrl, bool allowInsecureLoopback = false)
    {
        await using var host = new LinkingTestHost(o =>
        {
            o.WebhookUrl = webhookUrl;
            o.AllowInsecureLoopbackWebhook = allowInsecureLoopback;
        });
        var setup = host.Services.GetServices<IHostedService>().OfType<BotSetupService>().Single();
        await setup.StartAsync(CancellationToken.None);
        await Eventually.WaitUntilAsync(() => Task.FromResult(host.Api.Method("setMyCommands").Count == 12), "the bot set-up to finish");
        await setup.StopAsync(CancellationToken.None);
        var registration = host.Api.Method("setWebhook").ShouldHaveSingleItem();
        registration.Body.GetProperty("secret_token").GetString().ShouldBe(LinkingTestHost.Secret);
        return registration.Body.GetProperty("url").GetString();
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

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("c25zdGVsZWdyYW0tdGVzdC1zdG9yYWdlLWtleS0wMDEtdG9vLWxvbmc=")]
    public void A_storage_key_that_is_not_32_bytes_of_base64_is_refused_without_echoing_it(string key)
    {
        var ex = Should.Throw<OptionsValidationException>(() => Resolve(o => o.StorageEncryptionKey = key));
        ex.Message.ShouldContain("SnsTelegram:StorageEncryptionKey must be 32 random bytes in base64");
        ex.Message.ShouldNotContain(key);
    }

    [Fact]
    public void A_storage_key_of_32_bytes_is_accepted_and_wraps_the_data_keys_instead_of_data_protection()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = ValidToken;
            o.BotUsername = "sns_test_bot";
            o.WebhookSecret = "secret_123";
            o.StorageEncryptionKey = key;
        });
        using var provider = services.BuildServiceProvider();
        var protection = provider.GetRequiredService<SnsTelegram.Sdk.Storage.ChatIdProtection>();
        protection.Source.ShouldContain("SnsTelegram:StorageEncryptionKey");
        protection.Wrap(new byte[32]).ShouldStartWith("key:");
    }

    [Fact]
    public void Without_a_storage_key_data_protection_wraps_the_data_keys() =>
        Failures(o => o.StorageEncryptionKey = string.Empty).ShouldBeEmpty();

    [Fact]
    public void Webhook_secret_longer_than_256_is_refused() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookSecret = new string('a', 257)))
            .Message.ShouldContain("1 to 256");

    [Fact]
    public void Webhook_mode_requires_a_secret_but_polling_does_not()
    {
        Failures(o => o.WebhookSecret = null).ShouldBe([
            "SnsTelegram:WebhookSecret is required when SnsTelegram:UpdateMode is Webhook (1 to 256 characters of A-Za-z0-9_-); or set UpdateMode to Polling or None.",
        ]);
        Failures(o => { o.WebhookSecret = null; o.UpdateMode = TelegramUpdateMode.Polling; }).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_forum_topic_routing_is_refused()
    {
        Failures(o => o.ForumTopics = (ForumTopicRouting)7).ShouldContain("SnsTelegram:ForumTopics must be NotificationType or Platform.");
        Failures(o => o.ForumTopics = ForumTopicRouting.Platform).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(60_001)]
    public void An_outage_probe_interval_out_of_range_is_refused(int milliseconds)
    {
        Failures(o => o.Delivery.OutageProbeInterval = TimeSpan.FromMilliseconds(milliseconds))
            .ShouldContain("SnsTelegram:Delivery:OutageProbeInterval must be between 00:00:00.1 and 00:01:00.");
        Failures(o => o.Delivery.OutageProbeInterval = TimeSpan.FromMilliseconds(100)).ShouldBeEmpty();
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
        Failures(o => o.DailySummary.CatchUpDays = 0).ShouldBeEmpty();
    }

    [Fact]
    public void Digest_settings_out_of_range_are_refused()
    {
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.Digest.PollInterval = TimeSpan.FromMilliseconds(50)))
            .Message.ShouldContain("SnsTelegram:Digest:PollInterval must be between 00:00:00.1 and 00:05:00.");
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.Digest.MaxListedPosts = 51))
            .Message.ShouldContain("SnsTelegram:Digest:MaxListedPosts must be between 1 and 50.");
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.Digest.MaxListedPosts = 0))
            .Message.ShouldContain("SnsTelegram:Digest:MaxListedPosts must be between 1 and 50.");
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.Digest.Retention = TimeSpan.FromMinutes(59)))
            .Message.ShouldContain("SnsTelegram:Digest:Retention must be at least 01:00:00.");
        var defaults = Resolve(_ => { }).Digest;
        (defaults.Enabled, defaults.PollInterval, defaults.MaxListedPosts, defaults.Retention).ShouldBe((true, TimeSpan.FromSeconds(5), 10, TimeSpan.FromDays(7)));
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
    public async Task Webhook_url_must_be_https(string url, bool ok)
    {
        if (ok)
        {
            (await RegisteredWebhookAsync(url)).ShouldBe(url);
        }
        else
        {
            Should.Throw<OptionsValidationException>(() => Resolve(o => o.WebhookUrl = url)).Message.ShouldContain("SnsTelegram:WebhookUrl");
        }
    }

    [Fact]
    public async Task Http_loopback_webhook_is_allowed_only_when_opted_in()
    {
        Failures(o => o.WebhookUrl = "http://127.0.0.1:5000/hook").ShouldBe([
            "SnsTelegram:WebhookUrl must use https (Telegram refuses http); http is allowed only for a loopback address with AllowInsecureLoopbackWebhook.",
        ]);
        Failures(o => { o.WebhookUrl = "http://example.com/hook"; o.AllowInsecureLoopbackWebhook = true; })
            .ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:WebhookUrl must use https", customMessage: "the opt-in covers loopback addresses only");
        (await RegisteredWebhookAsync("http://127.0.0.1:5000/hook", allowInsecureLoopback: true)).ShouldBe("http://127.0.0.1:5000/hook");
    }

    [Fact]
    public void Link_token_lifetime_is_bounded() =>
        Should.Throw<OptionsValidationException>(() => Resolve(o => o.LinkTokenLifetime = TimeSpan.FromSeconds(5)))
            .Message.ShouldContain("SnsTelegram:LinkTokenLifetime");

    [Fact]
    public void Per_user_limits_default_to_five_test_messages_and_thirty_settings_changes_a_minute()
    {
        var options = Resolve(_ => { });
        options.Limits.TestMessage.PermitLimit.ShouldBe(5);
        options.Limits.TestMessage.Window.ShouldBe(TimeSpan.FromMinutes(1));
        options.Limits.Settings.PermitLimit.ShouldBe(30);
        options.Limits.Settings.Window.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("TestMessage", 0, "00:01:00", "SnsTelegram:Limits:TestMessage:PermitLimit must be between 1 and 10000.")]
    [InlineData("TestMessage", 10_001, "00:01:00", "SnsTelegram:Limits:TestMessage:PermitLimit must be between 1 and 10000.")]
    [InlineData("TestMessage", 5, "00:00:00", "SnsTelegram:Limits:TestMessage:Window must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("Settings", -1, "00:01:00", "SnsTelegram:Limits:Settings:PermitLimit must be between 1 and 10000.")]
    [InlineData("Settings", 30, "1.00:00:01", "SnsTelegram:Limits:Settings:Window must be between 00:00:01 and 1.00:00:00.")]
    public void Per_user_limits_out_of_range_are_refused(string limit, int permits, string window, string message)
    {
        var value = new UserLimitOptions { PermitLimit = permits, Window = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) };
        Failures(o =>
        {
            if (limit == "TestMessage")
            {
                o.Limits.TestMessage = value;
            }
            else
            {
                o.Limits.Settings = value;
            }
        }).ShouldContain(message);
    }

    [Fact]
    public void Missing_per_user_limits_are_refused() =>
        Failures(o => o.Limits.Settings = null!).ShouldContain("SnsTelegram:Limits:Settings must not be null.");

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
            ["SnsTelegram:Limits:TestMessage:PermitLimit"] = "3",
            ["SnsTelegram:Limits:Settings:Window"] = "00:05:00",
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
        options.Limits.TestMessage.PermitLimit.ShouldBe(3);
        options.Limits.TestMessage.Window.ShouldBe(TimeSpan.FromMinutes(1));
        options.Limits.Settings.PermitLimit.ShouldBe(30);
        options.Limits.Settings.Window.ShouldBe(TimeSpan.FromMinutes(5));
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
