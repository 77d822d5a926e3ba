using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Tests.Events;

public sealed class EventsOptionsTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string OtherSecret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Events_are_off_by_default_and_leave_content_out()
    {
        var events = new SnsTelegramOptions().Events;
        events.IncludeContent.ShouldBeFalse();
        events.Webhook.Url.ShouldBeNull();
        events.Webhook.Secrets.ShouldBeEmpty();
        events.Webhook.MaxAttempts.ShouldBe(8);
        Failures(_ => { }).ShouldBeEmpty();
    }

    [Fact]
    public void The_webhook_binds_from_configuration_with_two_secrets()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnsTelegram:BotToken"] = DependencyInjection.OptionsValidationTests.ValidToken,
            ["SnsTelegram:BotUsername"] = "sns_test_bot",
            ["SnsTelegram:UpdateMode"] = "None",
            ["SnsTelegram:Events:IncludeContent"] = "true",
            ["SnsTelegram:Events:Webhook:Url"] = "https://app.example.com/hooks/telegram",
            ["SnsTelegram:Events:Webhook:Secrets:0"] = Secret,
            ["SnsTelegram:Events:Webhook:Secrets:1"] = OtherSecret,
            ["SnsTelegram:Events:Webhook:MaxAttempts"] = "5",
        }).Build();
        var services = new ServiceCollection();
        services.AddSnsTelegram(config.GetSection("SnsTelegram"));
        using var provider = services.BuildServiceProvider();

        var events = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value.Events;
        events.IncludeContent.ShouldBeTrue();
        events.Webhook.Url.ShouldBe("https://app.example.com/hooks/telegram");
        events.Webhook.Secrets.ShouldBe([Secret, OtherSecret]);
        events.Webhook.MaxAttempts.ShouldBe(5);
    }

    [Theory]
    [InlineData("http://app.example.com/hooks", "must use https")]
    [InlineData("ftp://app.example.com/hooks", "must be an absolute https address")]
    [InlineData("/hooks", "must be an absolute https address")]
    [InlineData("https://user:pass@app.example.com/hooks", "must not carry a user name or password")]
    public void A_bad_url_is_refused_with_the_setting_named(string url, string message) =>
        Failures(w => { w.Url = url; w.Secrets.Add(Secret); }).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            f => f.ShouldStartWith("SnsTelegram:Events:Webhook:Url must"),
            f => f.ShouldContain(message));

    [Theory]
    [InlineData("http://127.0.0.1:5005/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://[::1]:8080/hooks")]
    [InlineData("https://app.example.com/hooks")]
    public void Https_or_loopback_http_is_accepted(string url) =>
        Failures(w => { w.Url = url; w.Secrets.Add(Secret); }).ShouldBeEmpty();

    [Fact]
    public void One_or_two_valid_secrets_are_required_and_never_shown()
    {
        Failures(w => w.Url = "https://app.example.com/hooks").ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Events:Webhook:Secrets must hold one secret, or two");
        Failures(w => { w.Url = "https://app.example.com/hooks"; w.Secrets.Add(Secret); w.Secrets.Add(OtherSecret); w.Secrets.Add(Secret); })
            .ShouldHaveSingleItem().ShouldContain("found 3");

        var bad = Failures(w => { w.Url = "https://app.example.com/hooks"; w.Secrets.Add("whsec_not-base64!!"); w.Secrets.Add("plain-secret-value"); }).ToList();
        bad.ShouldBe([
            "SnsTelegram:Events:Webhook:Secrets:0 is not a signing secret: it must be 'whsec_' followed by base64 of 24 to 64 random bytes.",
            "SnsTelegram:Events:Webhook:Secrets:1 is not a signing secret: it must be 'whsec_' followed by base64 of 24 to 64 random bytes.",
        ]);
        Failures(w => { w.Url = "https://app.example.com/hooks"; w.Secrets.Add("whsec_" + Convert.ToBase64String(new byte[8])); })
            .ShouldHaveSingleItem().ShouldContain("Secrets:0 is not a signing secret");
    }

    [Fact]
    public void Timings_and_limits_are_checked()
    {
        Failures(w => w.MaxAttempts = 0).ShouldHaveSingleItem().ShouldBe("SnsTelegram:Events:Webhook:MaxAttempts must be between 1 and 50.");
        Failures(w => w.RetryBaseDelay = TimeSpan.FromMilliseconds(10)).ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Events:Webhook:RetryBaseDelay must be between");
        Failures(w => w.RetryMaxDelay = TimeSpan.FromSeconds(1)).ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Events:Webhook:RetryMaxDelay must be between SnsTelegram:Events:Webhook:RetryBaseDelay");
        Failures(w => w.LeaseDuration = TimeSpan.FromSeconds(10)).ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Events:Webhook:LeaseDuration must be longer than SnsTelegram:Events:Webhook:Timeout");
        Failures(w => w.MaxConcurrency = 65).ShouldHaveSingleItem().ShouldBe("SnsTelegram:Events:Webhook:MaxConcurrency must be between 1 and 64.");
    }

    private static IEnumerable<string> Failures(Action<EventWebhookOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = DependencyInjection.OptionsValidationTests.ValidToken;
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
            configure(o.Events.Webhook);
        });
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures;
        }
    }
}
