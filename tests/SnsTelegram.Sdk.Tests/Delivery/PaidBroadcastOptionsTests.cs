using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class PaidBroadcastOptionsTests
{
    [Fact]
    public void Paid_broadcasts_are_off_by_default_at_1000_per_second_without_a_cap()
    {
        var paid = new SnsTelegramOptions().Delivery.PaidBroadcast;
        paid.Enabled.ShouldBeFalse();
        paid.MessagesPerSecond.ShouldBe(1000);
        paid.DailyStarsCap.ShouldBe(0);
        Failures(_ => { }).ShouldBeEmpty("off, a missing cap is fine");
    }

    [Fact]
    public void They_bind_from_the_Delivery_PaidBroadcast_section()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnsTelegram:BotToken"] = DependencyInjection.OptionsValidationTests.ValidToken,
            ["SnsTelegram:BotUsername"] = "sns_test_bot",
            ["SnsTelegram:UpdateMode"] = "None",
            ["SnsTelegram:Delivery:PaidBroadcast:Enabled"] = "true",
            ["SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond"] = "500",
            ["SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap"] = "250.5",
        }).Build();
        var services = new ServiceCollection();
        services.AddSnsTelegram(config.GetSection("SnsTelegram"));
        using var provider = services.BuildServiceProvider();

        var paid = provider.GetRequiredService<IOptions<SnsTelegramOptions>>().Value.Delivery.PaidBroadcast;
        paid.Enabled.ShouldBeTrue();
        paid.MessagesPerSecond.ShouldBe(500);
        paid.DailyStarsCap.ShouldBe(250.5m);
    }

    [Theory]
    [InlineData(30, "SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond must be between 31 and 1000")]
    [InlineData(1001, "SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond must be between 31 and 1000")]
    public void The_paid_rate_is_31_to_1000(int rate, string message) =>
        Failures(p => { p.Enabled = true; p.DailyStarsCap = 10; p.MessagesPerSecond = rate; }).ShouldHaveSingleItem().ShouldStartWith(message);

    [Fact]
    public void Enabled_without_a_cap_is_refused_with_the_setting_named()
    {
        Failures(p => p.Enabled = true).ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap is required");
        Failures(p => { p.Enabled = true; p.DailyStarsCap = -1; }).ShouldHaveSingleItem().ShouldStartWith("SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap is required");
        Failures(p => { p.Enabled = true; p.DailyStarsCap = 0.1m; }).ShouldBeEmpty();
    }

    [Fact]
    public void The_paid_rate_must_be_above_the_free_rate()
    {
        Failures(p => { p.Enabled = true; p.DailyStarsCap = 1; p.MessagesPerSecond = 40; }, d => d.GlobalMessagesPerSecond = 50)
            .ShouldHaveSingleItem().ShouldContain("must be more than SnsTelegram:Delivery:GlobalMessagesPerSecond");
        Failures(p => { p.Enabled = true; p.DailyStarsCap = 1; }, d => d.GlobalMessagesPerSecond = 0)
            .ShouldHaveSingleItem().ShouldContain("must be more than SnsTelegram:Delivery:GlobalMessagesPerSecond");
    }

    private static IEnumerable<string> Failures(Action<PaidBroadcastOptions> configure, Action<DeliveryOptions>? delivery = null)
    {
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.BotToken = DependencyInjection.OptionsValidationTests.ValidToken;
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
            delivery?.Invoke(o.Delivery);
            configure(o.Delivery.PaidBroadcast);
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
